package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/search"
	"github.com/sockerr/sockerr/web"
)

// lookup answers a query in the terminal from the built-in corpus, without
// a server: the best article's name, code, Windows message, summary, the fix
// in brief and its URL.
func lookup(args []string, stdout, stderr io.Writer) int {
	var words []string
	asJSON := false
	baseURL := envOr("SOCKERR_BASE_URL", "http://localhost:8080")
	// Flags are picked out by hand: pasted errors contain words such as
	// "-2147014842" that a flag parser would reject.
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			words = append(words, args[i+1:]...)
			i = len(args)
		case a == "--json" || a == "-json":
			asJSON = true
		case a == "--base-url" || a == "-base-url":
			if i+1 == len(args) {
				fmt.Fprintln(stderr, "sockerr lookup: --base-url needs a URL")
				return 2
			}
			i++
			baseURL = args[i]
		case strings.HasPrefix(a, "--base-url="):
			baseURL = strings.TrimPrefix(a, "--base-url=")
		case a == "-h" || a == "--help":
			fmt.Fprintln(stdout, "usage: sockerr lookup [--json] [--base-url URL] ANYTHING...")
			return 0
		default:
			words = append(words, a)
		}
	}
	q := strings.TrimSpace(strings.Join(words, " "))
	if q == "" {
		fmt.Fprintln(stderr, "usage: sockerr lookup [--json] [--base-url URL] ANYTHING...")
		return 2
	}
	c, err := content.Load(content.FS)
	if err != nil {
		fmt.Fprintf(stderr, "sockerr lookup: the built-in content failed to load:\n%v\n", err)
		return 1
	}
	idx, err := search.New(c)
	if err != nil {
		fmt.Fprintf(stderr, "sockerr lookup: %v\n", err)
		return 1
	}
	a := idx.Resolve(q)
	var others []*content.Article
	if a == nil {
		res, err := idx.Search(q, 4)
		if err == nil && len(res.Hits) > 0 {
			a = res.Hits[0].Article
			for _, h := range res.Hits[1:] {
				others = append(others, h.Article)
			}
		}
	}
	if a == nil {
		fmt.Fprintf(stderr, "sockerr lookup: nothing matches %q\ntry the error code (10054), its name (WSAECONNRESET) or the message alone\n", truncateRunes(q, 80))
		return 1
	}
	if asJSON {
		b, err := web.ArticleJSON(baseURL, a)
		if err != nil {
			fmt.Fprintf(stderr, "sockerr lookup: %v\n", err)
			return 2
		}
		stdout.Write(b)
		return 0
	}
	printArticle(stdout, a, others, strings.TrimSuffix(baseURL, "/"), isTerminal(stdout) && os.Getenv("NO_COLOR") == "")
	return 0
}

// width is the terminal width lookup's output fits in.
const width = 80

func printArticle(w io.Writer, a *content.Article, others []*content.Article, baseURL string, color bool) {
	bold, dim, cyan, reset := "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[0m"
	if !color {
		bold, dim, cyan, reset = "", "", "", ""
	}
	if a.Kind == content.KindKB {
		fmt.Fprintf(w, "%sKB %s%s\n", bold, a.ID, reset)
		wrap(w, a.Title, "", width)
	} else {
		fmt.Fprintf(w, "%s%s%s  %d (%s)\n", bold, a.ID, reset, a.Code, a.Hex())
		wrap(w, a.Title, "", width)
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%sWindows says:%s\n", dim, reset)
		wrap(w, a.Message, "  ", width)
	}
	fmt.Fprintln(w)
	wrap(w, a.Summary, "", width)
	fix := a.Section("How to fix")
	if fix == "" {
		fix = a.Section("Resolution")
	}
	if fix = brief(fix, 3); fix != "" {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%sHow to fix, in brief:%s\n", dim, reset)
		for _, line := range strings.Split(fix, "\n") {
			wrap(w, "• "+line, "  ", width)
		}
	}
	if len(a.KnownIssues) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%sKnown issues:%s\n", dim, reset)
		for _, k := range a.KnownIssues {
			wrap(w, "KB "+k.ID+": "+k.Title, "  ", width)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s%s%s%s\n", cyan, baseURL, a.URL(), reset)
	if len(others) > 0 {
		var names []string
		for _, o := range others {
			names = append(names, o.Label())
		}
		fmt.Fprintln(w)
		wrap(w, dim+"Also matching: "+strings.Join(names, ", ")+reset, "", width+len(dim)+len(reset))
	}
}

// brief returns the first n lines (paragraphs or list items) of a section,
// each cut to a sentence or two.
func brief(section string, n int) string {
	var out []string
	for _, line := range strings.Split(section, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		out = append(out, truncateRunes(line, 220))
		if len(out) == n {
			break
		}
	}
	return strings.Join(out, "\n")
}

// wrap writes s word-wrapped to width columns, continuation lines indented.
func wrap(w io.Writer, s, indent string, width int) {
	col := 0
	for i, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case col+1+n > width:
			fmt.Fprint(w, "\n"+indent)
			col = utf8.RuneCountInString(indent)
		default:
			fmt.Fprint(w, " ")
			col++
		}
		fmt.Fprint(w, word)
		col += n
	}
	fmt.Fprintln(w)
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
