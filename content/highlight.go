package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer renders fenced code blocks with chroma, as CSS classes (no
// inline styles, so a strict Content-Security-Policy holds; the colours are
// in static/chroma.css).
type codeRenderer struct{}

var formatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithPreWrapper(focusablePre{}))

// focusablePre wraps a block in <pre tabindex="0">: a block wider than
// the page scrolls, and a scrolling region must be reachable with the
// keyboard.
type focusablePre struct{}

func (focusablePre) Start(code bool, styleAttr string) string {
	if code {
		return `<pre tabindex="0"` + styleAttr + `><code>`
	}
	return `<pre tabindex="0"` + styleAttr + `>`
}

func (focusablePre) End(code bool) string {
	if code {
		return `</code></pre>`
	}
	return `</pre>`
}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
}

// maxHighlighted is how many bytes of code an article has highlighted.
// chroma's lexers take about 4 µs a byte (a body of 128 KiB of C takes
// half a second); code past the budget, such as a long log pasted into a
// block, is shown as plain text, which costs next to nothing. The built-in
// articles have at most 1.4 KB of code.
const maxHighlighted = 32 << 10

// plainAttr marks a code block to show as plain text: see budgetCode.
var plainAttr = []byte("sockerr-plain")

// budgetCode marks the fenced code blocks of doc that end past the first
// maxHighlighted bytes of code to be shown as plain text.
func budgetCode(doc ast.Node) {
	left := maxHighlighted
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*ast.FencedCodeBlock); ok && entering {
			for i := 0; i < b.Lines().Len(); i++ {
				seg := b.Lines().At(i)
				left -= seg.Len()
			}
			if left < 0 {
				b.SetAttribute(plainAttr, true)
			}
		}
		return ast.WalkContinue, nil
	})
}

func renderCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.FencedCodeBlock)
	var code strings.Builder
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	_, plain := b.Attribute(plainAttr)
	html, err := highlight(strings.ToLower(string(b.Language(src))), code.String(), plain)
	if err != nil {
		at := 0
		if b.Info != nil {
			at = b.Info.Segment.Start
		}
		return ast.WalkStop, &sourceError{at, err}
	}
	w.WriteString(html)
	return ast.WalkSkipChildren, nil
}

// A sourceError is an error in an article's body, at a byte offset.
type sourceError struct {
	offset int
	err    error
}

func (e *sourceError) Error() string { return e.err.Error() }

// prompt matches a line that starts with a shell prompt: $, #, >, PS C:\>,
// C:\dir>.
var prompt = regexp.MustCompile(`(?m)^\s*(?:[$#>]|PS [^>\n]*>|[A-Za-z]:\\[^>\n]*>)\s`)

// textLexer is chroma's lexer for text ("text", "txt", "plain").
var textLexer = lexers.Get("plaintext")

// highlight renders a block of code in a language, or as plain text.
func highlight(lang, code string, plain bool) (string, error) {
	// chroma's console lexer shows every line without a prompt as output:
	// bare commands belong in a block labelled with their shell.
	if (lang == "console" || lang == "shell-session") && !prompt.MatchString(code) {
		return "", fmt.Errorf("a %s block shows a session, with prompts; label bare commands with their shell (sh, batch, powershell)", lang)
	}
	var it chroma.Iterator
	if lexer := lexers.Get(lang); lexer != nil && lexer != textLexer && !plain {
		var err error
		if it, err = chroma.Coalesce(lexer).Tokenise(nil, code); err != nil {
			return "", err
		}
	} else {
		// Plain text is one token. The plain-text lexer makes one a line,
		// and the coalescer joins them by repeated concatenation, in time
		// that grows with the square of the block's size.
		it = chroma.Literator(chroma.Token{Type: chroma.Text, Value: code})
	}
	var buf bytes.Buffer
	if err := formatter.Format(&buf, styles.Fallback, it); err != nil {
		return "", err
	}
	buf.WriteByte('\n')
	return buf.String(), nil
}
