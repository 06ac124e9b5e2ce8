package content

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestCheckShape checks each limit on the shape of a body at and just past
// it, and that the shapes it must not mistake stay accepted.
func TestCheckShape(t *testing.T) {
	table := func(cols, rows int) string {
		return strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + strings.Repeat("x\n", rows-1)
	}
	for _, tc := range []struct {
		name, body string
		want       string // the problem, as "line: message prefix"; "" for none
	}{
		{"ordinary", "## What it means\n\nA *paragraph* with a [link](/x).\n\n- a list\n  > quoted\n", ""},
		{"quotes at the limit", strings.Repeat("> ", maxNesting) + "x\n", ""},
		{"quotes past the limit", "text\n\n" + strings.Repeat(">", maxNesting+1) + " x\n", "12: block quotes and lists nested 17 deep"},
		{"lists past the limit", strings.Repeat("- ", maxNesting+1) + "x\n", "10: block quotes and lists nested 17 deep"},
		{"ordered lists and quotes", strings.Repeat("1. > ", 9) + "x\n", "10: block quotes and lists nested 18 deep"},
		{"a long rule is no list", strings.Repeat("- ", 100) + "\n\n" + strings.Repeat("*", 100) + "\n", ""},
		{"a rule in quotes", strings.Repeat("> ", maxNesting) + strings.Repeat("- ", 100) + "\n", ""},
		{"unclosed links in one paragraph", strings.Repeat("[a](", 1000) + strings.Repeat("x", 17000) + "\n", "10: too many links to parse in time: this paragraph has 1000"},
		{"unclosed links, many paragraphs", strings.Repeat(strings.Repeat("[a](", 500)+strings.Repeat("x", 2000)+"\n\n", 9), "26: too many links"},
		{"links in list items", strings.Repeat("- [a](/b) and [c](/d)\n", 2000), ""},
		{"items numbered past 1 are text", strings.Repeat("2. [a](", 1000) + strings.Repeat("x", 16000) + "\n", "10: too many links"},
		{"emphasis", strings.Repeat("*a_", maxEmphasis/2+1) + "\n", "10: too many emphasis markers to parse in time: 5002 runs"},
		{"emphasis in separate paragraphs", strings.Repeat(strings.Repeat("*a_", maxEmphasis/4)+"\n\n", 10), ""},
		{"emphasis in list items", strings.Repeat("- *a* _b_ ~~c~~\n", maxEmphasis), ""},
		{"table at the limit", table(100, maxTableCells/100), ""},
		{"table past the limit", "para\n\n" + table(1000, 11), "13: tables too large to render in time: this one has 1000 columns and 11 rows"},
		{"tables past the limit together", strings.Repeat(table(100, 40)+"\n", 3), "95: tables too large"},
		{"table in a quote", "> " + strings.Repeat("|a", 1000) + "|\n> " + strings.Repeat("|-", 1000) + "|\n" + strings.Repeat("> x\n", 10), "11: tables too large"},
		{"rules are no tables", strings.Repeat("a\n---\n\n", 2000), ""},
		{"escaped pipes", strings.Repeat("`\\|` ", maxEscapedPipes+1), "10: too many escaped pipes"},
		{"code is not parsed", "```c\n" + strings.Repeat("*p = **q; // [a](b\n", 10000) + "```\n", ""},
		{"code in a list item is counted", "- x\n\n  ```c\n" + strings.Repeat("  *p = **q;\n", 3000) + "  ```\n", "12: too many emphasis markers"},
		{"after code", "```\n> > >\n```\n" + strings.Repeat("*a_", maxEmphasis) + "\n", "13: too many emphasis markers"},
		{"a fence in an HTML block is text", "<div>\n```\n" + strings.Repeat("*a_", maxEmphasis) + "\n", "10: too many emphasis markers"},
		{"a fence in an HTML comment is text", "<!--\n\n```\n-->\n" + strings.Repeat("*a_", maxEmphasis) + "\n", "12: too many emphasis markers"},
		{"a fence after an HTML block", "<div>\n\n```\n" + strings.Repeat("*a_", maxEmphasis) + "\n", ""},
		{"backticks with a backtick after are code", "``` `\n" + strings.Repeat("*a_", maxEmphasis) + "\n", "10: too many emphasis markers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps problems
			checkShape("a.md", []byte(tc.body), 10, &ps)
			got := ""
			if len(ps.list) > 0 {
				got = fmt.Sprintf("%d: %s", ps.list[0].Line, ps.list[0].Message)
			}
			switch {
			case tc.want == "" && got != "":
				t.Errorf("checkShape(%.60q...) = %q, want no problem", tc.body, got)
			case tc.want != "" && !strings.HasPrefix(got, tc.want):
				t.Errorf("checkShape(%.60q...) = %q, want %q...", tc.body, got, tc.want)
			case len(ps.list) > 1:
				t.Errorf("checkShape(%.60q...) reported %d problems, want one: %v", tc.body, len(ps.list), ps.list)
			}
		})
	}
}

// The shapes goldmark is slowest on, each filling a file to the size limit:
// nesting, unclosed links, emphasis and tables grow faster than the size;
// code, headings and the rest are the slowest that grow with it.
var worstMarkdown = []struct {
	name, unit string // the body is unit repeated to the limit
	want       string // the problem reported, or "" when the file loads
}{
	{"quotes on one line", "> ", "block quotes and lists nested"},
	{"quotes without spaces", ">", "block quotes and lists nested"},
	{"ordered lists on one line", "1. ", "block quotes and lists nested"},
	{"lists on one line", "+ ", "block quotes and lists nested"},
	{"quotes 16 deep on every line", strings.Repeat("> ", maxNesting) + "x\n", ""},
	{"lists 16 deep on every line", strings.Repeat("- ", maxNesting) + "x\n", ""},
	{"unclosed links", "[a](", "too many links"},
	{"unclosed images", "![a](", "too many links"},
	{"unclosed links to <", "[a](<", "too many links"},
	{"unclosed links, a line each", "[a](\n", "too many links"},
	{"a paragraph of 1000 unclosed links and 4 KB, repeated", strings.Repeat("[a](", 1000) + strings.Repeat("x", 4000) + "\n\n", "too many links"},
	{"brackets", "[", ""},
	{"emphasis mixed", "*a_", "too many emphasis markers"},
	{"emphasis and strikethrough", "*a~", "too many emphasis markers"},
	{"emphasis, 5000 runs a paragraph", strings.Repeat("*a_", 2500) + "\n\n", ""},
	{"table of 1000 columns with one-cell rows", "", "tables too large"},
	{"tables of 100 columns and 99 one-cell rows", strings.Repeat("|a", 100) + "|\n" + strings.Repeat("|-", 100) + "|\n" + strings.Repeat("x\n", 98) + "\n", "tables too large"},
	{"escaped pipes in code in a table", "`\\|", "too many escaped pipes"},
	{"identical headings", "# h\n", ""},
	{"setext headings", "a\n=\n", ""},
	{"link reference definitions", "[a]: /u\n", ""},
	{"footnote references", "[^1] ", ""},
	{"code: batch", "```batch\n" + strings.Repeat("set A=%B% & echo \"x\"\n", 20) + "```\n", ""},
	{"code: one long C block", "int x = 1; /* a */ \"s\"\n", ""},
	{"code: one long plain block", "x\n", ""},
	{"code: many small blocks", "```c\nint x;\n```\n", ""},
}

// TestLoadWorstMarkdown loads the shapes of worstMarkdown, each a file as
// large as the limit allows, and checks each loads, or is refused with a
// problem at its line, within 2 s: the slowest take about 0.3 s on two
// busy cores; the bound is for slower machines. It logs the times.
func TestLoadWorstMarkdown(t *testing.T) {
	if testing.Short() {
		t.Skip("loads files at the size limit")
	}
	const front = "---\nid: WSAEINTR\nkind: error\ncode: 10004\ntitle: t\nmessage: m\nsummary: s\n---\n"
	for _, tc := range worstMarkdown {
		t.Run(tc.name, func(t *testing.T) {
			space := maxArticleSize - len(front)
			var body string
			switch {
			case tc.name == "table of 1000 columns with one-cell rows":
				head := strings.Repeat("|a", 1000) + "|\n" + strings.Repeat("|-", 1000) + "|\n"
				body = head + strings.Repeat("x\n", (space-len(head))/2)
			case strings.HasPrefix(tc.name, "code: one long"):
				fence := map[bool]string{true: "c", false: ""}[strings.Contains(tc.name, " C ")]
				open := "```" + fence + "\n"
				body = open + strings.Repeat(tc.unit, (space-len(open)-4)/len(tc.unit)) + "```\n"
			default:
				body = strings.Repeat(tc.unit, space/len(tc.unit))
			}
			fsys := fstest.MapFS{"errors/WSAEINTR.md": {Data: []byte(front + body)}}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := loadWithin(t, fsys, 2*time.Second)
			d := time.Since(start)
			runtime.ReadMemStats(&after)
			t.Logf("%d bytes: %v, %d MB allocated", len(front)+len(body), d.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
			var ps Problems
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Load: %v, want it to load", err)
			case tc.want == "":
			case !errors.As(err, &ps) || len(ps) != 1:
				t.Errorf("Load: %v, want one problem saying %q", err, tc.want)
			case ps[0].Path != "errors/WSAEINTR.md" || ps[0].Line < 9 || !strings.Contains(ps[0].Message, tc.want):
				t.Errorf("Load: %v, want errors/WSAEINTR.md:LINE: ...%s...", ps[0], tc.want)
			}
		})
	}
}

// TestHighlightBudget checks code past maxHighlighted bytes in an article
// is shown as plain text, and the code before it highlighted.
func TestHighlightBudget(t *testing.T) {
	const front = "---\nid: WSAEINTR\nkind: error\ncode: 10004\ntitle: t\nmessage: m\nsummary: s\n---\n"
	long := "```c\n" + strings.Repeat("int x = 1;\n", maxHighlighted/len("int x = 1;\n")) + "```\n\n"
	last := "```c\nint last = 2;\n```\n"
	c, err := Load(fstest.MapFS{"errors/WSAEINTR.md": {Data: []byte(front + long + last)}})
	if err != nil {
		t.Fatal(err)
	}
	html := c.Article("WSAEINTR").HTML
	if !strings.HasPrefix(html, `<pre tabindex="0" class="chroma"><code><span class="line"><span class="cl"><span class="kt">int</span>`) {
		t.Errorf("the code within the budget is not highlighted:\n%.300s", html)
	}
	if want := `<span class="line"><span class="cl">int last = 2;`; !strings.Contains(html, want) {
		t.Errorf("the code past the budget is not plain text: HTML ends\n%s\nwant it to hold %s", html[max(0, len(html)-300):], want)
	}
}
