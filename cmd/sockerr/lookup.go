package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/search"
	"github.com/sockerr/sockerr/web"
)

// reportOptions are the flags of the commands that print a report: lookup
// and scan.
type reportOptions struct {
	json    *bool
	baseURL *string
}

func reportFlags(fs *flag.FlagSet, jsonUsage string) reportOptions {
	return reportOptions{
		json:    fs.Bool("json", false, jsonUsage),
		baseURL: fs.String("base-url", envOr("SOCKERR_BASE_URL", "http://localhost:8080"), "URL of the site the links point to"),
	}
}

func lookupFlags(fs *flag.FlagSet) reportOptions {
	return reportFlags(fs, "print JSON, one object a line: the API's search answer and the recognised article's document")
}

// lookup answers queries in the terminal from the built-in corpus, without
// a server: for each, the recognised article's name, code, message,
// summary, the fix in brief and its URL; or, when no socket error is
// recognised, the possible articles under "not sure". The queries are the
// arguments (one query), or the lines of standard input for "-" or no
// arguments on a pipe (grep … app.log | sockerr lookup). It exits 0 when
// every query was recognised, 1 when one was not, 2 on a usage error.
func lookup(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := newFlagSet("lookup", stderr)
	o := lookupFlags(flags)
	words, code, ok := parseFlags(flags, args)
	if !ok {
		return code
	}
	var queries []string
	switch {
	case len(words) == 1 && words[0] == "-", len(words) == 0 && !isTerminal(stdin):
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64<<10), search.MaxQueryBytes)
		for sc.Scan() {
			if q := strings.TrimSpace(sc.Text()); q != "" {
				queries = append(queries, q)
			}
		}
		if err := sc.Err(); err != nil {
			fmt.Fprintf(stderr, "sockerr lookup: reading standard input: %v\n", err)
			return 2
		}
	default:
		if q := strings.TrimSpace(strings.Join(words, " ")); q != "" {
			queries = []string{q}
		}
	}
	if len(queries) == 0 {
		flags.Usage()
		return 2
	}
	if _, err := web.LookupJSON(*o.baseURL, &search.Result{}); err != nil {
		fmt.Fprintf(stderr, "sockerr lookup: %v\n", err)
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
	defer idx.Close()
	color := isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	baseURL := strings.TrimSuffix(*o.baseURL, "/")
	exit := 0
	for i, q := range queries {
		res, err := idx.Search(q, 4)
		if errors.Is(err, search.ErrEmptyQuery) {
			res, err = &search.Result{Query: q}, nil
		}
		if err != nil {
			fmt.Fprintf(stderr, "sockerr lookup: %v\n", err)
			return 1
		}
		if !res.Recognized() {
			exit = 1
		}
		if *o.json {
			b, err := web.LookupJSON(baseURL, res)
			if err != nil {
				fmt.Fprintf(stderr, "sockerr lookup: %v\n", err)
				return 1
			}
			stdout.Write(b)
			continue
		}
		if len(queries) > 1 {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "» %s\n", truncateRunes(q, width-2))
		}
		printResult(stdout, res, baseURL, color)
	}
	return exit
}

// printResult prints the answer to one query: the recognised article, or
// the possible ones under "not sure".
func printResult(w io.Writer, res *search.Result, baseURL string, color bool) {
	if res.Recognized() {
		var others []*content.Article
		for _, h := range res.Hits[1:] {
			if h.Match != search.Possible {
				others = append(others, h.Article)
			}
		}
		printArticle(w, res.Hits[0].Article, others, baseURL, color)
		return
	}
	fmt.Fprintln(w, "not sure: no socket error was recognised in this text.")
	if res.Other != "" {
		wrap(w, "It looks like "+res.Other+", not a socket error.", "", width)
	}
	if len(res.Hits) > 0 {
		fmt.Fprintln(w, "Possible articles:")
		for _, h := range res.Hits {
			wrap(w, "  "+h.Article.Label()+": "+h.Article.Title+" "+baseURL+h.Article.URL(), "    ", width)
		}
	}
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
		if a.Winsock() {
			fmt.Fprintf(w, "%s%s%s  %d (%s)\n", bold, a.ID, reset, a.Code, a.Hex())
		} else {
			fmt.Fprintf(w, "%s%s%s\n", bold, a.ID, reset)
		}
		wrap(w, a.Title, "", width)
		fmt.Fprintln(w)
		if a.Winsock() {
			fmt.Fprintf(w, "%sWindows says:%s\n", dim, reset)
		} else {
			fmt.Fprintf(w, "%sThe system says:%s\n", dim, reset)
		}
		wrap(w, a.Message, "  ", width)
	}
	fmt.Fprintln(w)
	wrap(w, a.Summary, "", width)
	if len(a.FixText) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%sQuick fix:%s\n", dim, reset)
		for i, step := range a.FixText {
			wrap(w, fmt.Sprintf("%d. %s", i+1, step), "   ", width)
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
