package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestLinkerLeavesCodeSpansAndHeadings checks that a name inside a longer
// code span or inside a heading is not turned into a link. (A link inside a
// code span used to make goldmark's renderer panic.)
func TestLinkerLeavesCodeSpansAndHeadings(t *testing.T) {
	article := func(id, extra, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nid: " + id + "\nkind: error\n" + extra +
			"title: t\nsummary: s\nmessage: m\n---\n" + body)}
	}
	fsys := fstest.MapFS{
		"errors/EAI_FAIL.md": article("EAI_FAIL", "gai: {name: EAI_FAIL, glibc: -4}\n", "Body.\n"),
		"errors/WSANO_RECOVERY.md": article("WSANO_RECOVERY", "code: 11003\n",
			"## About EAI_FAIL\n\nPython sets `socket.EAI_FAIL`, Node `err.code === 'EAI_FAIL'`.\n\n## Next\n\nSee `EAI_FAIL`.\n"),
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	html := c.Article("WSANO_RECOVERY").HTML
	for _, want := range []string{
		`<h2 id="about-eai-fail">About EAI_FAIL<a href="#about-eai-fail"`,
		`<code>socket.EAI_FAIL</code>`,
		`<code>err.code === 'EAI_FAIL'</code>`,
		`See <a href="/errors/EAI_FAIL" title="t"><code>EAI_FAIL</code></a>.`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML does not contain\n%s\nHTML:\n%s", want, html)
		}
	}
}
