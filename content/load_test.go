package content

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadGood(t *testing.T) {
	c, err := Load(os.DirFS("testdata/good"))
	if err != nil {
		t.Fatalf("Load(testdata/good): %v", err)
	}
	if got, want := len(c.Articles()), 4; got != want {
		t.Fatalf("len(Articles()) = %d, want %d", got, want)
	}
	reset := c.Article("wsaeconnreset")
	if reset == nil {
		t.Fatal(`Article("wsaeconnreset") = nil, want WSAECONNRESET (lookup ignores case)`)
	}
	if c.ByCode(10053) != c.Article("WSAECONNABORTED") {
		t.Errorf("ByCode(10053) is not WSAECONNABORTED")
	}
	if got, want := reset.Hex(), "0x2746"; got != want {
		t.Errorf("Hex() = %q, want %q", got, want)
	}
	if got, want := reset.HRESULT(), "0x80072746"; got != want {
		t.Errorf("HRESULT() = %q, want %q", got, want)
	}

	for _, want := range []string{
		// The first mention in a section is linked, the second is not.
		`Compare <a href="/errors/WSAECONNABORTED" title="Software caused connection abort">WSAECONNABORTED</a>, which is local`,
		`and <code>WSAECONNABORTED</code> again`,
		`see` + "\n" + `<a href="/kb/196271" title="WSAENOBUFS from ports above 5000">KB 196271</a>`,
		// A new section links again; Q-numbers link too.
		`Look at <a href="/errors/WSAECONNABORTED" title="Software caused connection abort">WSAECONNABORTED</a> once more, and <a href="/kb/196271"`,
		// Headings get ids and anchors.
		`<h2 id="what-it-means">What it means<a href="#what-it-means" class="anchor" title="Link to this section">#</a></h2>`,
		// Code blocks are highlighted with classes, never linked.
		`<span class="cm">/* WSAECONNABORTED stays code */</span>`,
	} {
		if !strings.Contains(reset.HTML, want) {
			t.Errorf("WSAECONNRESET HTML does not contain\n%s\nHTML:\n%s", want, reset.HTML)
		}
	}
	if strings.Contains(reset.HTML, `href="/errors/WSAECONNRESET"`) {
		t.Errorf("WSAECONNRESET links to itself:\n%s", reset.HTML)
	}
	kb := c.Article("196271")
	if want := `with <a href="/errors/WSAECONNRESET" title="Connection reset by peer"><code>WSAECONNRESET</code></a>.`; !strings.Contains(kb.HTML, want) {
		t.Errorf("KB 196271 HTML does not contain\n%s\nHTML:\n%s", want, kb.HTML)
	}
	abort := c.Article("WSAECONNABORTED")
	if strings.Contains(abort.HTML, "<a ") && strings.Contains(abort.HTML, `href="/errors/WSAECONNRESET"`) {
		t.Errorf("a longer word containing a name was linked:\n%s", abort.HTML)
	}

	if got := labels(abort.ReferencedBy); got != "WSAECONNRESET (10054)" {
		t.Errorf("WSAECONNABORTED.ReferencedBy = %s, want WSAECONNRESET (10054)", got)
	}
	if got := labels(c.Errors()); got != "WSAECONNABORTED (10053), WSAECONNRESET (10054), EPIPE" {
		t.Errorf("Errors() = %s, want Winsock errors by code, then the others", got)
	}
	pipe := c.Article("EPIPE")
	if pipe.Winsock() || pipe.Hex() != "" || pipe.HRESULT() != "" {
		t.Errorf("EPIPE: Winsock() = %v, Hex() = %q, HRESULT() = %q; want false and no codes", pipe.Winsock(), pipe.Hex(), pipe.HRESULT())
	}
	if got := labels(reset.EquivalentArticles); got != "EPIPE" {
		t.Errorf("WSAECONNRESET.EquivalentArticles = %s, want EPIPE (equivalents link both ways)", got)
	}
	if got := labels(pipe.EquivalentArticles); got != "WSAECONNRESET (10054)" {
		t.Errorf("EPIPE.EquivalentArticles = %s, want WSAECONNRESET (10054)", got)
	}
	wantFix := []string{"Retry idempotent requests once, on a new connection.", "Compare with WSAECONNABORTED and netstat -ano."}
	if !slices.Equal(reset.FixText, wantFix) {
		t.Errorf("FixText = %q, want %q", reset.FixText, wantFix)
	}
	if got := labels(reset.KnownIssues); got != "KB 196271" {
		t.Errorf("WSAECONNRESET.KnownIssues = %s, want KB 196271", got)
	}
	if got := labels(reset.ReferencedBy); got != "EPIPE, KB 196271" {
		t.Errorf("WSAECONNRESET.ReferencedBy = %s, want EPIPE, KB 196271", got)
	}
	if got, want := reset.Section("How to fix"), "Look at WSAECONNABORTED once more, and Q196271.\n/* WSAECONNABORTED stays code */"; got != want {
		t.Errorf("Section(How to fix) = %q, want %q", got, want)
	}
}

func labels(as []*Article) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Label())
	}
	return strings.Join(s, ", ")
}

// TestLoadProblems loads each corpus under testdata/bad and checks that
// every problem listed in its "want" file is reported, with file and line,
// and nothing else.
func TestLoadProblems(t *testing.T) {
	dirs, err := filepath.Glob("testdata/bad/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test corpora: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "want"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Load(os.DirFS(dir))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Load(%s) error = %v, want Problems", dir, err)
			}
			wants := strings.Split(strings.TrimRight(string(want), "\n"), "\n")
			if len(ps) != len(wants) {
				t.Errorf("Load(%s) reported %d problems, want %d:\n%v", dir, len(ps), len(wants), err)
			}
			for i, w := range wants {
				if i < len(ps) && !strings.HasPrefix(ps[i].String(), w) {
					t.Errorf("problem %d = %q, want prefix %q", i, ps[i].String(), w)
				}
			}
		})
	}
}

// TestLinkerLeavesAlone checks mentions are not linked inside code spans
// (unless the span is exactly a name), headings or links. A link inside a
// code span made goldmark's renderer panic.
func TestLinkerLeavesAlone(t *testing.T) {
	body := "## About WSAECONNRESET\n\nTest with `errors.Is(err, windows.WSAECONNRESET)`, see [WSAECONNRESET at Microsoft](https://learn.microsoft.com/) and `Q196271`.\n"
	fsys := Overlay(fstest.MapFS{"errors/WSAECONNABORTED.md": {Data: []byte(readGood(t, "errors/WSAECONNABORTED.md") + body)}}, os.DirFS("testdata/good"))
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	html := c.Article("WSAECONNABORTED").HTML
	for _, want := range []string{
		`<h2 id="about-wsaeconnreset">About WSAECONNRESET<a href="#about-wsaeconnreset"`,
		`<code>errors.Is(err, windows.WSAECONNRESET)</code>`,
		`<a href="https://learn.microsoft.com/">WSAECONNRESET at Microsoft</a>`,
		`<a href="/kb/196271" title="WSAENOBUFS from ports above 5000"><code>Q196271</code></a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks\n%s\nHTML:\n%s", want, html)
		}
	}
}

func readGood(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "good", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
