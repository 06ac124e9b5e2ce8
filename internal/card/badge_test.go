package card

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font"
)

// parseSVG checks that b is well-formed XML with one <svg> root and returns
// the root's attributes, the <title>'s text and the <text>s' texts.
func parseSVG(t *testing.T, b []byte) (root map[string]string, title string, texts []string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var stack []string
	roots := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("invalid XML: %v\n%s", err, b)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
				root = map[string]string{}
				for _, a := range tok.Attr {
					root[a.Name.Local] = a.Value
				}
				if tok.Name.Space != "http://www.w3.org/2000/svg" || tok.Name.Local != "svg" {
					t.Errorf("root is %v, want svg in the SVG namespace", tok.Name)
				}
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			switch stack[len(stack)-1] {
			case "title":
				title += string(tok)
			case "text":
				texts = append(texts, string(tok))
			}
		case xml.ProcInst, xml.Directive:
			t.Errorf("unexpected %T in a badge", tok)
		}
	}
	if roots != 1 {
		t.Errorf("%d root elements, want 1", roots)
	}
	return root, title, texts
}

func TestBadge(t *testing.T) {
	tests := []struct {
		label, value string
		name         string   // the accessible name
		texts        []string // drawn, each twice (shadow and text)
	}{
		{"WSAECONNRESET", "10054", "WSAECONNRESET 10054", []string{"WSAECONNRESET", "10054"}},
		{"KB", "196271", "KB 196271", []string{"KB", "196271"}},
		{"EPIPE", "", "EPIPE", []string{"EPIPE"}},
		{"", "10054", "10054", []string{"10054"}},
		{"", "", "", nil},
		{"  two\n words ", "x\ty", "two words x y", []string{"two words", "x y"}},
		{`<script>alert("x")</script>`, `"'&amp;<!--`, `<script>alert("x")</script> "'&amp;<!--`, []string{`<script>alert("x")</script>`, `"'&amp;<!--`}},
		{"]]><x/>", "\x00\x1b[31m", "]]><x/> \uFFFD\uFFFD[31m", []string{"]]><x/>", "\uFFFD\uFFFD[31m"}},
		{"连接被重置", "10054", "连接被重置 10054", []string{"连接被重置", "10054"}},
	}
	for _, tt := range tests {
		b := Badge(tt.label, tt.value)
		root, title, texts := parseSVG(t, b)
		if root["role"] != "img" || root["aria-label"] != tt.name || title != tt.name {
			t.Errorf("Badge(%q, %q): role %q, aria-label %q, title %q; want img, %q, %q", tt.label, tt.value, root["role"], root["aria-label"], title, tt.name, tt.name)
		}
		var want []string
		for _, s := range tt.texts {
			want = append(want, s, s)
		}
		if strings.Join(texts, "|") != strings.Join(want, "|") {
			t.Errorf("Badge(%q, %q) draws %q, want %q", tt.label, tt.value, texts, want)
		}
		if root["height"] != "20" {
			t.Errorf("Badge(%q, %q): height %q, want 20", tt.label, tt.value, root["height"])
		}
		s := string(b)
		for _, bad := range []string{"<script", "href", "url(", "<image", "<foreignObject", " id=", "@import", "javascript:"} {
			if strings.Contains(s, bad) {
				t.Errorf("Badge(%q, %q) contains %q:\n%s", tt.label, tt.value, bad, s)
			}
		}
	}
}

func badgeWidth(t *testing.T, label, value string) float64 {
	t.Helper()
	root, _, _ := parseSVG(t, Badge(label, value))
	w, err := strconv.ParseFloat(root["width"], 64)
	if err != nil {
		t.Fatalf("Badge(%q, %q) width %q: %v", label, value, root["width"], err)
	}
	return w
}

func TestBadgeWidth(t *testing.T) {
	// The width is the measured text plus padding: wide letters make a
	// wider badge than as many narrow ones.
	face := newFace(goFonts().regular, badgeFontSize)
	for _, tt := range []struct{ label, value string }{
		{"WSAECONNRESET", "10054"},
		{"iiiiiiiiiiiii", "11111"},
		{"WWWWWWWWWWWWW", "00000"},
	} {
		want := 4 * badgePad
		for _, s := range []string{tt.label, tt.value} {
			want += font.MeasureString(face, s).Ceil()
		}
		if got := badgeWidth(t, tt.label, tt.value); got != float64(want) {
			t.Errorf("Badge(%q, %q) is %g wide, want %d", tt.label, tt.value, got, want)
		}
	}
	if n, w := badgeWidth(t, "iiiiiiiiiiiii", "1"), badgeWidth(t, "WWWWWWWWWWWWW", "1"); n >= w {
		t.Errorf("13 i's make a badge %g wide and 13 W's %g, want the W's wider", n, w)
	}
	prev := 0.0
	for n := 1; n <= 40; n++ {
		w := badgeWidth(t, strings.Repeat("a", n), "10054")
		if w <= prev {
			t.Errorf("label of %d letters: width %g, not more than %g for %d", n, w, prev, n-1)
		}
		prev = w
	}
}

func BenchmarkBadge(b *testing.B) {
	for b.Loop() {
		Badge("WSAECONNRESET", "10054")
	}
}
