package content

import (
	"bytes"
	"regexp"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer renders fenced code blocks as CSS classes (no inline
// styles, so a strict Content-Security-Policy holds): C and PowerShell
// with the native lexers of lexer.go, every other language with chroma.
// One chroma formatter serves every block, and highlighted blocks are
// remembered, so a reload highlights only the blocks that changed.
type codeRenderer struct{}

var (
	formatter = chromahtml.New(chromahtml.WithClasses(true))
	style     = styles.Get("github")

	highlighted   sync.Map // language + "\x00" + code → HTML
	highlightedN  int
	highlightedMu sync.Mutex
)

// maxHighlighted bounds the cache; past it, it starts afresh.
const maxHighlighted = 50000

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
}

func renderCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lang := string(b.Language(src))
	key := lang + "\x00" + code.String()
	if html, ok := highlighted.Load(key); ok {
		w.WriteString(html.(string))
		return ast.WalkSkipChildren, nil
	}
	html, err := highlight(lang, code.String())
	if err != nil {
		return ast.WalkStop, err
	}
	highlightedMu.Lock()
	if highlightedN >= maxHighlighted {
		highlighted.Clear()
		highlightedN = 0
	}
	highlightedN++
	highlightedMu.Unlock()
	highlighted.Store(key, html)
	w.WriteString(html)
	return ast.WalkSkipChildren, nil
}

func highlight(lang, code string) (string, error) {
	lang = strings.ToLower(lang)
	if lex := nativeLexers[lang]; lex != nil {
		return formatTokens(lex(code)), nil
	}
	// A console block of bare commands, no prompts: chroma's console
	// lexer takes every line without a prompt for output.
	if (lang == "console" || lang == "shell-session") && !hasPrompt(code) {
		return formatTokens(lexCommands(code)), nil
	}
	return chromaHighlight(lang, code)
}

// prompt matches a line that starts with a shell prompt: $, #, >, PS C:\>,
// C:\dir>.
var prompt = regexp.MustCompile(`(?m)^\s*(?:[$#>]|PS [^>\n]*>|[A-Za-z]:\\[^>\n]*>)\s`)

func hasPrompt(code string) bool { return prompt.MatchString(code) }

func chromaHighlight(lang, code string) (string, error) {
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := formatter.Format(&buf, style, it); err != nil {
		return "", err
	}
	buf.WriteByte('\n')
	return buf.String(), nil
}
