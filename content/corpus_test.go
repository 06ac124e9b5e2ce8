package content

import "testing"

func TestLoadBuiltIn(t *testing.T) {
	c, err := Load(FS)
	if err != nil {
		t.Fatalf("Load(FS):\n%v", err)
	}
	t.Logf("%d errors, %d known issues", len(c.Errors()), len(c.KnownIssues()))
}
