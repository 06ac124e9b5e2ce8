package static

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/sockerr/sockerr/content"
)

// Issue 12: in dark mode five token classes kept their light colour, and
// flags and punctuation vanished into the code block (1.01:1). These tests
// hold chroma.css to WCAG AA for every class chroma can emit, in both themes.

// minContrast is WCAG 2.x AA for normal text.
const minContrast = 4.5

// themes are the two colour schemes light-dark() chooses between, with the
// code block's background and the text colour of code in each (style.css:
// light-dark(#f3f4f7, #1f242e) and light-dark(#1f2328, #e6edf3)).
var themes = []struct {
	name       string
	side       int // 0: light-dark()'s first argument, 1: its second
	background string
	text       string // what "inherit" resolves to
}{
	{"light", 0, "#f3f4f7", "#1f2328"},
	{"dark", 1, "#1f242e", "#e6edf3"},
}

// plain are the classes of chroma.StandardTypes that need no colour of
// their own: they may have no rule, or one without color.
var plain = map[string]string{
	"bg":      "Background: only on <body> of a standalone page, which the site never renders",
	"chroma":  "PreWrapper: the <pre> itself, coloured by style.css's pre and code",
	"cl":      "CodeLine: a wrapper round a line's tokens, each of which has its own rule",
	"line":    "Line: layout only (display: flex); its tokens have their own rules",
	"lntable": "LineTable: layout of the line-number table",
	"lntd":    "LineTableTD: layout of the line-number table's cells",
}

// lineBackgrounds are the classes that paint a background under whole
// lines, so under every token: each token's colour must read on them too.
var lineBackgrounds = []string{"hl"}

func TestContrastFormula(t *testing.T) {
	for _, tc := range []struct {
		fg, bg string
		want   float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48}, // the well-known grey just below AA
		{"#767676", "#ffffff", 4.54}, // and the one just above
		{"#ffffff", "#0000ff", 8.59},
	} {
		got := contrast(mustHex(t, tc.fg), mustHex(t, tc.bg))
		if math.Abs(got-tc.want) > 0.005 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", tc.fg, tc.bg, got, tc.want)
		}
	}
}

func TestColourValues(t *testing.T) {
	for _, tc := range []struct {
		value       string
		light, dark string // "" for an error
	}{
		{"#0550ae", "#0550ae", "#0550ae"},
		{"#abc", "#aabbcc", "#aabbcc"},
		{"light-dark(#cf222e, #ff7b72)", "#cf222e", "#ff7b72"},
		{"light-dark( #CF222E ,#fff )", "#cf222e", "#ffffff"},
		{"inherit", "#1f2328", "#e6edf3"},
		{"red", "", ""},
		{"light-dark(#cf222e)", "", ""},
		{"light-dark(inherit, #ff7b72)", "", ""},
		{"#12345", "", ""},
	} {
		for _, th := range themes {
			want := tc.light
			if th.side == 1 {
				want = tc.dark
			}
			c, err := resolve(tc.value, th.side, mustHex(t, th.text))
			switch {
			case want == "" && err == nil:
				t.Errorf("resolve(%q) in %s = %s, want an error", tc.value, th.name, c)
			case want != "" && err != nil:
				t.Errorf("resolve(%q) in %s: %v", tc.value, th.name, err)
			case want != "" && c.String() != want:
				t.Errorf("resolve(%q) in %s = %s, want %s", tc.value, th.name, c, want)
			}
		}
	}
}

// TestContrast checks every colour of every rule of chroma.css, in both
// themes, against what it is drawn on.
func TestContrast(t *testing.T) {
	rules := loadRules(t)
	classes := sortedKeys(rules)
	var worst [2]struct {
		ratio float64
		what  string
	}
	for _, th := range themes {
		text := mustHex(t, th.text)
		worst[th.side].ratio = math.Inf(1)

		// What a token may be drawn on: the code block, and any line background.
		type surface struct {
			name  string
			color rgb
		}
		surfaces := []surface{{"", mustHex(t, th.background)}}
		for _, cls := range lineBackgrounds {
			v, ok := rules[cls]["background-color"]
			if !ok {
				continue
			}
			bg, err := resolve(v, th.side, text)
			if err != nil {
				t.Errorf("chroma.css .%s background-color: %v", cls, err)
				continue
			}
			surfaces = append(surfaces, surface{" (." + cls + ")", bg})
		}

		for _, cls := range classes {
			decls := rules[cls]
			fg, bgs := text, surfaces
			if v, ok := decls["color"]; ok {
				c, err := resolve(v, th.side, text)
				if err != nil {
					t.Errorf("chroma.css .%s color: %v", cls, err)
					continue
				}
				fg = c
			}
			if v, ok := decls["background-color"]; ok && v != "transparent" {
				bg, err := resolve(v, th.side, text)
				if err != nil {
					t.Errorf("chroma.css .%s background-color: %v", cls, err)
					continue
				}
				// A token with its own background is read on that alone;
				// a line background is read under the text of code.
				bgs = []surface{{"", bg}}
			}
			for _, bg := range bgs {
				r := contrast(fg, bg.color)
				if r < minContrast {
					t.Errorf("chroma.css .%s in %s: %s on %s%s is %.2f:1, want %.1f:1", cls, th.name, fg, bg.color, bg.name, r, minContrast)
				}
				if r < worst[th.side].ratio {
					worst[th.side].ratio = r
					worst[th.side].what = fmt.Sprintf(".%s %s on %s%s", cls, fg, bg.color, bg.name)
				}
			}
		}
		t.Logf("%s: lowest contrast %.2f:1 (%s)", th.name, worst[th.side].ratio, worst[th.side].what)
	}
}

// TestEveryClassHasAColour checks that every class chroma's HTML formatter
// can put on a token has a rule that gives it a colour, and that chroma.css
// has no rule for a class chroma does not know.
func TestEveryClassHasAColour(t *testing.T) {
	rules := loadRules(t)
	known := map[string]bool{}
	n := 0
	for _, cls := range chroma.StandardTypes {
		if cls == "" { // Text: the formatter writes no class
			continue
		}
		known[cls] = true
		if _, ok := plain[cls]; ok {
			continue
		}
		n++
		decls, ok := rules[cls]
		switch {
		case !ok:
			t.Errorf("chroma.css has no rule for .%s (%s): want one with a color that reads in both themes, or a reason in plain", cls, typeOf(cls))
		case slices.Contains(lineBackgrounds, cls):
			if decls["background-color"] == "" {
				t.Errorf("chroma.css .%s (%s) sets no background-color", cls, typeOf(cls))
			}
		case decls["color"] == "":
			t.Errorf("chroma.css .%s (%s) sets no color: want one (inherit for plain text)", cls, typeOf(cls))
		}
	}
	t.Logf("%d classes with a colour of their own, %d plain by design", n, len(plain))
	for cls := range plain {
		if !known[cls] {
			t.Errorf("plain lists .%s, which chroma.StandardTypes does not have", cls)
		}
	}
	for cls := range rules {
		if !known[cls] {
			t.Errorf("chroma.css has a rule for .%s, which chroma.StandardTypes does not have", cls)
		}
	}

	// And the formatter, given a token of every type chroma has, with line
	// numbers, a table, links and a highlighted line, emits no other class.
	var tokens []chroma.Token
	for _, tt := range chroma.TokenTypeValues() {
		tokens = append(tokens, chroma.Token{Type: tt, Value: "x\n"})
	}
	for _, f := range []*chromahtml.Formatter{
		chromahtml.New(chromahtml.WithClasses(true)), // as content/highlight.go
		chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithLineNumbers(true), chromahtml.HighlightLines([][2]int{{1, 3}})),
		chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithLineNumbers(true), chromahtml.LineNumbersInTable(true),
			chromahtml.WithLinkableLineNumbers(true, "L"), chromahtml.HighlightLines([][2]int{{1, 3}})),
	} {
		var buf bytes.Buffer
		if err := f.Format(&buf, styles.Fallback, chroma.Literator(tokens...)); err != nil {
			t.Fatal(err)
		}
		for cls := range classesIn(buf.String()) {
			if !known[cls] {
				t.Errorf("chroma's HTML formatter emits .%s, which is not in chroma.StandardTypes", cls)
			}
		}
	}
}

// TestCorpusLanguages renders the code blocks of the built-in articles,
// language by language, as content/highlight.go does, and checks that every
// class in the output has a colour.
func TestCorpusLanguages(t *testing.T) {
	rules := loadRules(t)
	blocks := fencedBlocks(t, content.FS)
	// The languages of the corpus when this test was written: each must
	// still have a block, so that the test cannot pass on nothing.
	for _, lang := range []string{"batch", "c", "csharp", "powershell", "python", "sh", "text", "vb"} {
		if len(blocks[lang]) == 0 {
			t.Errorf("no ```%s block in content/errors or content/kb", lang)
		}
	}
	formatter := chromahtml.New(chromahtml.WithClasses(true))
	for _, lang := range sortedKeys(blocks) {
		t.Run(lang, func(t *testing.T) {
			lexer := lexers.Get(lang)
			if lexer == nil {
				lexer = lexers.Fallback
			}
			seen := map[string]int{}
			for _, b := range blocks[lang] {
				it, err := chroma.Coalesce(lexer).Tokenise(nil, b.code)
				if err != nil {
					t.Fatalf("%s: %v", b.where, err)
				}
				var buf bytes.Buffer
				if err := formatter.Format(&buf, styles.Fallback, it); err != nil {
					t.Fatalf("%s: %v", b.where, err)
				}
				for cls := range classesIn(buf.String()) {
					if seen[cls] == 0 {
						checkClass(t, rules, cls, b.where)
					}
					seen[cls]++
				}
			}
			t.Logf("%d blocks; classes %s", len(blocks[lang]), strings.Join(sortedKeys(seen), " "))
		})
	}
}

// TestCorpusPages checks the code blocks of the pages themselves: every
// class inside a rendered code block of an article has a colour.
func TestCorpusPages(t *testing.T) {
	rules := loadRules(t)
	c, err := content.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	pre := regexp.MustCompile(`(?s)<pre[^>]* class="chroma"[^>]*>.*?</pre>`)
	pages, blocks := 0, 0
	seen := map[string]bool{}
	for _, a := range c.Articles() {
		found := pre.FindAllString(a.HTML, -1)
		if len(found) > 0 {
			pages++
		}
		blocks += len(found)
		for _, block := range found {
			for cls := range classesIn(block) {
				if !seen[cls] {
					checkClass(t, rules, cls, a.URL())
					seen[cls] = true
				}
			}
		}
	}
	if blocks == 0 {
		t.Fatal(`no <pre … class="chroma"> in any article: has the markup changed?`)
	}
	t.Logf("%d code blocks on %d pages; classes %s", blocks, pages, strings.Join(sortedKeys(seen), " "))
}

// checkClass reports a class found in rendered code that has no colour.
func checkClass(t *testing.T, rules map[string]map[string]string, cls, where string) {
	t.Helper()
	if _, ok := plain[cls]; ok {
		return
	}
	if rules[cls]["color"] == "" {
		t.Errorf("%s: code has class .%s (%s), which chroma.css gives no color", where, cls, typeOf(cls))
	}
}

// A block is one fenced code block of an article.
type block struct {
	where string // file:line of the opening fence
	code  string
}

var (
	openFence  = regexp.MustCompile("^(\\s*)```+\\s*([A-Za-z0-9_+#.-]+)\\s*$")
	closeFence = regexp.MustCompile("^\\s*```+\\s*$")
)

// fencedBlocks returns the fenced code blocks of the articles of fsys, by
// language (lower-cased, as content/highlight.go looks lexers up).
func fencedBlocks(t *testing.T, fsys fs.FS) map[string][]block {
	t.Helper()
	out := map[string][]block{}
	for _, dir := range []string{"errors", "kb"} {
		names, err := fs.Glob(fsys, dir+"/*.md")
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(bytes.NewReader(src))
			var (
				lang, indent string
				code         strings.Builder
				start, line  int
				in           bool
			)
			for sc.Scan() {
				line++
				s := sc.Text()
				switch {
				case !in:
					if m := openFence.FindStringSubmatch(s); m != nil {
						in, indent, lang, start = true, m[1], strings.ToLower(m[2]), line
						code.Reset()
					}
				case closeFence.MatchString(s):
					in = false
					out[lang] = append(out[lang], block{fmt.Sprintf("%s:%d", name, start), code.String()})
				default:
					code.WriteString(strings.TrimPrefix(s, indent))
					code.WriteByte('\n')
				}
			}
			if in {
				t.Errorf("%s:%d: ```%s block is not closed", name, start, lang)
			}
		}
	}
	return out
}

var classAttr = regexp.MustCompile(`class="([^"]*)"`)

// classesIn returns the classes of the elements of an HTML fragment.
func classesIn(html string) map[string]bool {
	out := map[string]bool{}
	for _, m := range classAttr.FindAllStringSubmatch(html, -1) {
		for _, cls := range strings.Fields(m[1]) {
			out[cls] = true
		}
	}
	return out
}

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssRule    = regexp.MustCompile(`^\.chroma \.([a-z0-9]+)$`)
)

// loadRules parses chroma.css into its rules, class → property → value.
// It accepts only what chroma.css should hold: one rule per class, each
// ".chroma .X { ... }", and no at-rules (a dark block in @media would not
// follow the reader's choice of theme; light-dark() does).
func loadRules(t *testing.T) map[string]map[string]string {
	t.Helper()
	src, err := fs.ReadFile(FS, "chroma.css")
	if err != nil {
		t.Fatal(err)
	}
	css := cssComment.ReplaceAllString(string(src), "")
	rules := map[string]map[string]string{}
	for {
		open := strings.IndexByte(css, '{')
		if open < 0 {
			if strings.TrimSpace(css) != "" {
				t.Fatalf("chroma.css: text after the last rule: %q", strings.TrimSpace(css))
			}
			return rules
		}
		end := strings.IndexByte(css, '}')
		if end < open || strings.Contains(css[open+1:end], "{") {
			t.Fatalf("chroma.css: nested or unbalanced braces near %q: want flat rules, with light-dark() for dark colours", strings.TrimSpace(css[:open]))
		}
		selector := strings.Join(strings.Fields(css[:open]), " ")
		body := css[open+1 : end]
		css = css[end+1:]
		m := cssRule.FindStringSubmatch(selector)
		if m == nil {
			t.Fatalf("chroma.css: selector %q: want one .chroma .X per rule", selector)
		}
		cls := m[1]
		if _, dup := rules[cls]; dup {
			t.Fatalf("chroma.css: two rules for .%s: want one, with light-dark() for the dark colour", cls)
		}
		decls := map[string]string{}
		for d := range strings.SplitSeq(body, ";") {
			if strings.TrimSpace(d) == "" {
				continue
			}
			prop, value, ok := strings.Cut(d, ":")
			if !ok {
				t.Fatalf("chroma.css .%s: declaration %q has no colon", cls, strings.TrimSpace(d))
			}
			decls[strings.TrimSpace(prop)] = strings.TrimSpace(value)
		}
		rules[cls] = decls
	}
}

// rgb is an sRGB colour, 0–255 a channel.
type rgb [3]uint8

func (c rgb) String() string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

var lightDark = regexp.MustCompile(`^light-dark\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)$`)

// resolve evaluates a colour value of chroma.css in one theme (side 0 is
// light-dark()'s light argument): #rgb, #rrggbb, light-dark(a, b) of those,
// or inherit, the text colour of code.
func resolve(value string, side int, text rgb) (rgb, error) {
	if value == "inherit" {
		return text, nil
	}
	if m := lightDark.FindStringSubmatch(value); m != nil {
		light, err := parseHex(m[1])
		if err != nil {
			return rgb{}, err
		}
		dark, err := parseHex(m[2])
		if err != nil {
			return rgb{}, err
		}
		return [2]rgb{light, dark}[side], nil
	}
	if strings.HasPrefix(value, "light-dark(") {
		return rgb{}, fmt.Errorf("%q: want light-dark(#rrggbb, #rrggbb)", value)
	}
	return parseHex(value)
}

func parseHex(s string) (rgb, error) {
	h := strings.ToLower(strings.TrimPrefix(s, "#"))
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if !strings.HasPrefix(s, "#") || len(h) != 6 || err != nil {
		return rgb{}, fmt.Errorf("colour %q: want #rrggbb, light-dark(#rrggbb, #rrggbb) or inherit", s)
	}
	return rgb{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

func mustHex(t *testing.T, s string) rgb {
	t.Helper()
	c, err := parseHex(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// luminance is the relative luminance of WCAG 2.x, for sRGB.
func luminance(c rgb) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}

// contrast is the WCAG 2.x contrast ratio of two colours, 1 to 21.
func contrast(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// typeOf names the token type of a class, for messages.
func typeOf(cls string) string {
	for tt, c := range chroma.StandardTypes {
		if c == cls {
			return tt.String()
		}
	}
	return "not a chroma class"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
