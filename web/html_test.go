package web

import (
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// htmlPage is a parsed HTML page, for checks by selector: what an element
// holds and which attributes it has, not how the markup is spelled.
type htmlPage struct {
	t    testing.TB
	name string
	doc  *html.Node
}

func parsePage(t testing.TB, name, body string) *htmlPage {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: parsing the HTML: %v", name, err)
	}
	return &htmlPage{t, name, doc}
}

// all returns the elements a CSS selector matches.
func (p *htmlPage) all(selector string) []*html.Node {
	p.t.Helper()
	sel, err := cascadia.Compile(selector)
	if err != nil {
		p.t.Fatalf("selector %q: %v", selector, err)
	}
	return sel.MatchAll(p.doc)
}

// one returns the first element a selector matches, failing the test when
// there is none.
func (p *htmlPage) one(selector string) *html.Node {
	p.t.Helper()
	if ns := p.all(selector); len(ns) > 0 {
		return ns[0]
	}
	p.t.Errorf("%s: no element matches %q", p.name, selector)
	return nil
}

// text returns the text of the first element a selector matches, spaces
// collapsed; "" when there is none.
func (p *htmlPage) text(selector string) string {
	p.t.Helper()
	n := p.one(selector)
	if n == nil {
		return ""
	}
	return textOf(n)
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func attr(n *html.Node, name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// wantText checks the text of the element a selector matches.
func (p *htmlPage) wantText(selector, want string) {
	p.t.Helper()
	if got := p.text(selector); got != want {
		p.t.Errorf("%s: text of %q = %q, want %q", p.name, selector, got, want)
	}
}

// wantAttr checks an attribute of the element a selector matches.
func (p *htmlPage) wantAttr(selector, name, want string) {
	p.t.Helper()
	if got := attr(p.one(selector), name); got != want {
		p.t.Errorf("%s: %s of %q = %q, want %q", p.name, name, selector, got, want)
	}
}

// wantCount checks how many elements a selector matches.
func (p *htmlPage) wantCount(selector string, want int) {
	p.t.Helper()
	if got := len(p.all(selector)); got != want {
		p.t.Errorf("%s: %d elements match %q, want %d", p.name, got, selector, want)
	}
}

// documentOrder returns the selectors, each of which matches an element of
// the htmlPage, in the order their first elements come in the document.
func documentOrder(p *htmlPage, selectors []string) []string {
	pos := map[*html.Node]int{}
	i := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		pos[n] = i
		i++
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	out := slices.Clone(selectors)
	slices.SortStableFunc(out, func(a, b string) int { return pos[p.one(a)] - pos[p.one(b)] })
	return out
}

func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}
