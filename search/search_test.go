package search

import (
	"errors"
	"html"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkResult checks what every answer must satisfy, whatever the query.
func checkResult(t *testing.T, q string, limit int, res *Result) {
	t.Helper()
	want := limit
	switch {
	case limit <= 0:
		want = DefaultLimit
	case limit > MaxLimit:
		want = MaxLimit
	}
	if len(res.Hits) > want {
		t.Errorf("Search(%.40q, %d): %d hits, want at most %d", q, limit, len(res.Hits), want)
	}
	if res.Total < len(res.Hits) {
		t.Errorf("Search(%.40q, %d): Total %d < %d hits", q, limit, res.Total, len(res.Hits))
	}
	if len(res.Query) > MaxQueryBytes || !utf8.ValidString(res.Query) {
		t.Errorf("Search(%.40q, %d): cleaned query %.40q is %d bytes or not UTF-8", q, limit, res.Query, len(res.Query))
	}
	seen := map[string]bool{}
	exact := true
	for i, h := range res.Hits {
		if h.Article == nil {
			t.Fatalf("Search(%.40q, %d): hit %d has no article", q, limit, i)
		}
		if seen[h.Article.ID] {
			t.Errorf("Search(%.40q, %d): %s twice", q, limit, h.Article.ID)
		}
		seen[h.Article.ID] = true
		if h.Match == Exact && !exact {
			t.Errorf("Search(%.40q, %d): exact hit %s after a full-text hit", q, limit, h.Article.ID)
		}
		exact = h.Match == Exact
		checkSnippet(t, h.Snippet)
	}
}

// checkSnippet checks that a snippet is safe HTML: valid UTF-8, escaped
// text and balanced, unnested <mark> elements, and short.
func checkSnippet(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("snippet is not valid UTF-8: %q", s)
	}
	open := false
	rest := s
	var text strings.Builder
	for rest != "" {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			text.WriteString(rest)
			break
		}
		text.WriteString(rest[:i])
		rest = rest[i:]
		switch {
		case strings.HasPrefix(rest, "<mark>") && !open:
			open, rest = true, rest[len("<mark>"):]
		case strings.HasPrefix(rest, "</mark>") && open:
			open, rest = false, rest[len("</mark>"):]
		default:
			t.Errorf("snippet has a stray tag or '<': %q", s)
			return
		}
	}
	if open {
		t.Errorf("snippet leaves <mark> open: %q", s)
	}
	plain := text.String()
	if strings.ContainsAny(plain, `>"`) {
		t.Errorf("snippet has unescaped text: %q", s)
	}
	if n := utf8.RuneCountInString(html.UnescapeString(plain)); n > snippetRunes+2 {
		t.Errorf("snippet text is %d characters, want at most about %d: %q", n, snippetRunes, s)
	}
}

func TestSearchBadInput(t *testing.T) {
	x := index(t)
	empty := []string{
		"",
		"   ",
		"\t\n\r\v\f",
		"\x00\x01\x02\x7f",
		"\xff\xfe\xfd",
		"\u200b\u200d\ufeff", // zero-width and byte-order marks
		`+-=&&||><!(){}[]^"~*?:\/`,
		strings.Repeat("?", 100<<10),
		"…—–·",
	}
	for _, q := range empty {
		res, err := x.Search(q, 10)
		if !errors.Is(err, ErrEmptyQuery) || res != nil {
			t.Errorf("Search(%.40q) = %v, %v; want nil, ErrEmptyQuery", q, res, err)
		}
	}

	for _, tt := range []struct {
		q     string
		limit int
		first string // the first hit, or "" for any
	}{
		{`+WSAECONNRESET -foo "bar" title:x~2 a*b? field:(a OR b)^3 /re.*gex/`, 10, "WSAECONNRESET"},
		{`java.net.SocketException: "Connection reset"`, 10, "WSAECONNRESET"},
		{"WSAECONNRESET\x00\x01", 10, "WSAECONNRESET"},
		{"\xffWSAECONNRESET\xfe", 10, "WSAECONNRESET"},
		{"WSAE\u200bCONNRESET", 10, ""},
		{"\u202eWSAECONNRESET", 10, "WSAECONNRESET"},
		{"10054" + strings.Repeat(" ", 100<<10), 10, "WSAECONNRESET"},
		{"10054 " + strings.Repeat("x", 100<<10), 10, "WSAECONNRESET"},
		{strings.Repeat("connection reset ", 5000), 10, ""},
		{strings.Repeat("a", 100<<10), 10, ""},
		{strings.Repeat("é", 400), 10, ""},
		{strings.Repeat("\xc3", 1000) + "reset", 10, ""},
		{"接続がリセットされました 10054", 10, "WSAECONNRESET"},
		{"🔥🔥 connection refused 🔥🔥", 10, ""},
		{"0", 10, ""},
		{"-0", 10, ""},
		{"0x", 10, ""},
		{"99999999999999999999999999999999", 10, ""},
		{"-99999999999999999999999999999999", 10, ""},
		{"connection", 0, ""},
		{"connection", -7, ""},
		{"connection", 1, ""},
		{"connection", 1 << 30, ""},
		{"connection", MaxLimit, ""},
	} {
		res, err := x.Search(tt.q, tt.limit)
		if err != nil {
			t.Errorf("Search(%.40q, %d): %v", tt.q, tt.limit, err)
			continue
		}
		checkResult(t, tt.q, tt.limit, res)
		if tt.first != "" && (len(res.Hits) == 0 || res.Hits[0].Article.ID != tt.first) {
			t.Errorf("Search(%.40q) first hit is not %s", tt.q, tt.first)
		}
	}

	// Limits.
	for _, tt := range []struct{ limit, want int }{{0, DefaultLimit}, {-1, DefaultLimit}, {1, 1}, {3, 3}, {1000, MaxLimit}} {
		res, err := x.Search("connection socket error", tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != tt.want {
			t.Errorf("Search(..., %d): %d hits, want %d", tt.limit, len(res.Hits), tt.want)
		}
	}
}

func TestSearchCleanQuery(t *testing.T) {
	x := index(t)
	for _, tt := range []struct{ in, want string }{
		{"  WSAECONNRESET  ", "WSAECONNRESET"},
		{"a\tb\nc\r\nd", "a b\nc\nd"}, // line breaks stay: "Caused by:" starts a line
		{"a\x00b", "a b"},
		{"a\xffb", "a b"},
		{"a \u200b b", "a b"},
		{`java.net.SocketException: "reset"`, `java.net.SocketException: "reset"`},
	} {
		res, err := x.Search(tt.in, 1)
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.in, err)
		}
		if res.Query != tt.want {
			t.Errorf("Search(%q).Query = %q, want %q", tt.in, res.Query, tt.want)
		}
	}
	long := strings.Repeat("é", MaxQueryBytes/2+1) // one character too many
	res, err := x.Search(long, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Query) != MaxQueryBytes || !utf8.ValidString(res.Query) {
		t.Errorf("Search(%d bytes of é).Query is %d bytes (valid UTF-8: %v), want %d", len(long), len(res.Query), utf8.ValidString(res.Query), MaxQueryBytes)
	}
}

func TestSnippets(t *testing.T) {
	x := index(t)
	for _, tt := range []struct {
		q, id, want string
	}{
		{"java.net.SocketException: Connection reset", "WSAECONNRESET", "reset</mark>"},
		{"actively refused", "WSAECONNREFUSED", "<mark>actively refused</mark>"}, // a phrase is one mark
		{"conection refused", "WSAECONNREFUSED", "refused</mark>"},
		{"10054", "WSAECONNRESET", "<mark>10054</mark>"},
		{"tcpflags rst", "WSAECONNRESET", "&amp;"},
		{"MaxUserPort", "196271", "<mark>MaxUserPort</mark>"},
	} {
		res, err := x.Search(tt.q, 10)
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.q, err)
		}
		checkResult(t, tt.q, 10, res)
		found := false
		for _, h := range res.Hits {
			if h.Article.ID == tt.id {
				found = true
				if !strings.Contains(strings.ToLower(h.Snippet), strings.ToLower(tt.want)) {
					t.Errorf("Search(%q): snippet of %s = %q, want it to contain %q", tt.q, tt.id, h.Snippet, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("Search(%q): no hit %s", tt.q, tt.id)
		}
	}
}

// TestSearchConcurrent runs searches from several goroutines at once; run
// with -race.
func TestSearchConcurrent(t *testing.T) {
	x := index(t)
	cases := readQueries(t)
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func(g int) {
			defer func() { done <- true }()
			for i := g; i < len(cases); i += 4 {
				if _, err := x.Search(cases[i].query, 5); err != nil {
					t.Errorf("Search(%q): %v", cases[i].query, err)
				}
				x.Resolve(cases[i].query)
			}
		}(g)
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

// TestKnownIssuesFollow checks the weighting of codes a KB article is
// about: searching an error's name or code gives the error first, then its
// known issues, before any article that merely mentions the code.
func TestKnownIssuesFollow(t *testing.T) {
	x := index(t)
	for _, a := range x.Corpus().Errors() {
		if len(a.KnownIssues) == 0 {
			continue
		}
		for _, q := range []string{a.ID, strconv.Itoa(a.Code)} {
			res, err := x.Search(q, 10)
			if err != nil {
				t.Fatal(err)
			}
			n := len(a.KnownIssues)
			if len(res.Hits) < n+1 || res.Hits[0].Article != a {
				t.Errorf("Search(%q): first hit is not %s", q, a.ID)
				continue
			}
			for _, h := range res.Hits[1 : n+1] {
				if !slices.Contains(a.KnownIssues, h.Article) {
					t.Errorf("Search(%q): %s among the first %d hits after %s, want only its known issues", q, h.Article.ID, n, a.ID)
				}
			}
		}
	}
}

func TestSnippetMarks(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<mark>java</mark>.<mark>net</mark>.<mark>SocketException</mark>: x", "<mark>java.net.SocketException</mark>: x"},
		{"<mark>actively</mark> <mark>refused</mark> it", "<mark>actively refused</mark> it"},
		{"<mark>reset</mark>, and <mark>closed</mark>", "<mark>reset</mark>, and <mark>closed</mark>"},
		{"<mark>接続</mark><mark>され</mark>", "<mark>接続され</mark>"}, // pairs of characters
	} {
		if got := adjacentMarks.ReplaceAllString(tt.in, "$1"); got != tt.want {
			t.Errorf("merging %q = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Words of the query as written count double.
	if a, b := markedWords("<mark>refused</mark> <mark>Refused</mark>", "connection refused"), markedWords("<mark>rejected</mark>", "connection refused"); a != 2 || b != 1 {
		t.Errorf("markedWords = %d and %d, want 2 (a word of the query, once) and 1 (another word)", a, b)
	}
}
