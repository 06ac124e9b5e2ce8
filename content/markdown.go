package content

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders article bodies for one corpus: the cross-linker needs to
// know every id, so each corpus gets its own goldmark instance.
type markdown struct {
	gm goldmark.Markdown
}

var selfKey = parser.NewContextKey() // the *Article being rendered

func newMarkdown(c *Corpus) *markdown {
	l := &linker{targets: map[string]*Article{}}
	for _, a := range c.articles {
		if a.Kind == KindKB {
			l.targets["KB"+a.ID] = a
		} else {
			l.targets[a.ID] = a
		}
	}
	gm := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(l, 100)),
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 100))),
		// Raw HTML stays off: articles are Markdown only.
	)
	return &markdown{gm: gm}
}

// render parses body, links mentions of other articles, and fills a's HTML,
// Text, Headings and Mentions.
func (m *markdown) render(a *Article, body []byte) error {
	pc := parser.NewContext()
	pc.Set(selfKey, a)
	doc := m.gm.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	budgetCode(doc)
	var buf bytes.Buffer
	if err := m.gm.Renderer().Render(&buf, body, doc); err != nil {
		return err
	}
	a.HTML = buf.String()
	a.Text, a.Headings = plainText(doc, body)
	return nil
}

// renderFix renders the fix in brief as an ordered list, one item a step,
// with the same cross-links as the body, and fills a's FixHTML and FixText.
func (m *markdown) renderFix(a *Article) error {
	if len(a.Fix) == 0 {
		return nil
	}
	var src bytes.Buffer
	for i, step := range a.Fix {
		fmt.Fprintf(&src, "%d. %s\n", i+1, strings.TrimSpace(step))
	}
	body := src.Bytes()
	pc := parser.NewContext()
	pc.Set(selfKey, a)
	doc := m.gm.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	list, ok := doc.FirstChild().(*ast.List)
	if !ok || list.NextSibling() != nil || list.ChildCount() != len(a.Fix) {
		return fmt.Errorf("fix: each step must be plain text on one line (a step that starts a new block, such as a heading or a code fence, is not)")
	}
	var buf bytes.Buffer
	if err := m.gm.Renderer().Render(&buf, body, doc); err != nil {
		return err
	}
	a.FixHTML = buf.String()
	a.FixText = nil
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		a.FixText = append(a.FixText, inlineText(item, body))
	}
	return nil
}

// linker is an AST transformer that turns every mention of a known error
// name ("WSAECONNRESET", also as `WSAECONNRESET`) or KB number ("KB 196271",
// "KB196271", "Q196271") into a link to its article, once per section, and
// gives every heading an anchor link. Text inside links, headings and code
// blocks is left alone.
type linker struct {
	targets map[string]*Article // error ids, and "KB"+number
}

func (l *linker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	self, _ := pc.Get(selfKey).(*Article)
	src := reader.Source()
	linked := map[*Article]bool{} // linked in the current section
	var headings []*ast.Heading
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			descend := true // into c's children; the cases below that must not, say so
			switch x := c.(type) {
			case *ast.Heading:
				headings = append(headings, x)
				if x.Level <= 2 {
					clear(linked)
				}
				descend = false // no links inside headings
			case *ast.Link, *ast.AutoLink, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
				descend = false
			case *ast.CodeSpan:
				if t := l.codeTarget(x, src); t != nil && t != self && !linked[t] {
					l.mention(self, t, linked)
					link := newLink(t)
					n.ReplaceChild(n, x, link)
					link.AppendChild(link, x)
				}
				descend = false // a code span holds only text: never link inside it
			case *ast.Text:
				next = l.linkRun(n, x, src, self, linked)
				descend = false
			}
			if descend {
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
	for _, h := range headings {
		id, ok := h.AttributeString("id")
		if !ok {
			continue
		}
		a := ast.NewLink()
		a.Destination = []byte("#" + string(id.([]byte)))
		a.SetAttributeString("class", []byte("anchor"))
		a.SetAttributeString("title", []byte("Link to this section"))
		a.AppendChild(a, ast.NewString([]byte("#")))
		h.AppendChild(h, a)
	}
}

func (l *linker) mention(self, t *Article, linked map[*Article]bool) {
	linked[t] = true
	if self != nil && !slices.Contains(self.Mentions, t) {
		self.Mentions = append(self.Mentions, t)
	}
}

func newLink(t *Article) *ast.Link {
	link := ast.NewLink()
	link.Destination = []byte(t.URL())
	link.Title = []byte(t.Title)
	return link
}

// codeTarget returns the article a code span names exactly, or nil.
func (l *linker) codeTarget(c *ast.CodeSpan, src []byte) *Article {
	var b strings.Builder
	for t := c.FirstChild(); t != nil; t = t.NextSibling() {
		tx, ok := t.(*ast.Text)
		if !ok {
			return nil
		}
		b.Write(tx.Segment.Value(src))
	}
	return l.match(strings.TrimSpace(b.String()))
}

// match returns the article a single word names, or nil.
func (l *linker) match(word string) *Article {
	if t := l.targets[word]; t != nil {
		return t
	}
	if num, ok := strings.CutPrefix(word, "KB"); ok {
		return l.targets["KB"+num]
	}
	if num, ok := strings.CutPrefix(word, "Q"); ok && num != "" && num[0] >= '0' && num[0] <= '9' {
		return l.targets["KB"+num]
	}
	return nil
}

// linkRun links mentions in the run of adjacent text nodes that starts at
// first (goldmark may split one word across nodes at "_"), and returns the
// node after the run.
func (l *linker) linkRun(parent ast.Node, first *ast.Text, src []byte, self *Article, linked map[*Article]bool) ast.Node {
	run := []*ast.Text{first}
	next := first.NextSibling()
	for next != nil {
		t, ok := next.(*ast.Text)
		last := run[len(run)-1]
		if !ok || last.SoftLineBreak() || last.HardLineBreak() || t.Segment.Start != last.Segment.Stop {
			break
		}
		run = append(run, t)
		next = t.NextSibling()
	}
	start, stop := first.Segment.Start, run[len(run)-1].Segment.Stop
	s := src[start:stop]

	type hit struct {
		from, to int // offsets within s
		t        *Article
	}
	var hits []hit
	words := wordSpans(s)
	for i, w := range words {
		word := string(s[w[0]:w[1]])
		t := l.match(word)
		from := w[0]
		if t == nil && word == "KB" && i+1 < len(words) && words[i+1][0] == w[1]+1 && s[w[1]] == ' ' {
			// "KB 196271"
			t = l.targets["KB"+string(s[words[i+1][0]:words[i+1][1]])]
			w = words[i+1]
		}
		if t == nil || t == self || linked[t] {
			continue
		}
		if t.Kind == KindKB && strings.Contains(word, "_") {
			continue
		}
		l.mention(self, t, linked)
		hits = append(hits, hit{from, w[1], t})
	}
	if len(hits) == 0 {
		return next
	}
	lastNode := run[len(run)-1]
	soft, hard := lastNode.SoftLineBreak(), lastNode.HardLineBreak()
	var nodes []ast.Node
	pos := 0
	for _, h := range hits {
		if h.from > pos {
			nodes = append(nodes, ast.NewTextSegment(text.NewSegment(start+pos, start+h.from)))
		}
		link := newLink(h.t)
		link.AppendChild(link, ast.NewTextSegment(text.NewSegment(start+h.from, start+h.to)))
		nodes = append(nodes, link)
		pos = h.to
	}
	var tail *ast.Text
	if pos < len(s) {
		tail = ast.NewTextSegment(text.NewSegment(start+pos, stop))
		nodes = append(nodes, tail)
	}
	if tail != nil {
		tail.SetSoftLineBreak(soft)
		tail.SetHardLineBreak(hard)
	} else if soft || hard {
		t := ast.NewTextSegment(text.NewSegment(stop, stop))
		t.SetSoftLineBreak(soft)
		t.SetHardLineBreak(hard)
		nodes = append(nodes, t)
	}
	for _, n := range nodes {
		parent.InsertBefore(parent, first, n)
	}
	for _, t := range run {
		parent.RemoveChild(parent, t)
	}
	return next
}

// wordSpans returns the [start, end) offsets of the words of s: runs of
// ASCII letters, digits and underscores.
func wordSpans(s []byte) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i <= len(s); i++ {
		isWord := i < len(s) && (s[i] == '_' || s[i] >= '0' && s[i] <= '9' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z')
		switch {
		case isWord && start < 0:
			start = i
		case !isWord && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	return out
}

// plainText returns the text of a parsed body, for the search index and
// summaries, and its headings, each with the text of its section.
func plainText(doc ast.Node, src []byte) (string, []Heading) {
	var all strings.Builder
	var headings []Heading
	var cur *strings.Builder
	block := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		all.WriteString(s)
		all.WriteString("\n")
		if cur != nil {
			cur.WriteString(s)
			cur.WriteString("\n")
		}
	}
	var sections []*strings.Builder
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			cur = &strings.Builder{}
			sections = append(sections, cur)
			headings = append(headings, Heading{Level: h.Level, ID: string(idb), Title: inlineText(h, src)})
			continue
		}
		block(blockText(n, src))
	}
	for i := range headings {
		headings[i].Text = strings.TrimSpace(sections[i].String())
	}
	return all.String(), headings
}

// blockText returns the plain text of a block node, one line per paragraph
// or list item.
func blockText(n ast.Node, src []byte) string {
	switch n := n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		return b.String()
	case *ast.Paragraph, *ast.TextBlock:
		return inlineText(n, src)
	}
	if n.Type() == ast.TypeInline {
		return inlineText(n, src)
	}
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := strings.TrimSpace(blockText(c, src)); t != "" {
			b.WriteString(t)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// inlineText returns the text of an inline container, without markup.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.Link:
			if bytes.HasPrefix(c.Destination, []byte("#")) {
				return ast.WalkSkipChildren, nil // a heading's anchor
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
