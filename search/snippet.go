package search

import (
	"html"
	"regexp"
	"strings"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/sockerr/sockerr/content"
)

// snippetFields are the stored fields snippets are cut from, in the order
// they are preferred when two mark as many words.
var snippetFields = []string{fieldSummary, fieldMessage, fieldMessages, fieldSeenAs, fieldSymptoms, fieldBody}

// adjacentMarks matches two marked words with only a little punctuation
// between them, which read as one phrase: java.net.SocketException,
// "connection reset".
var adjacentMarks = regexp.MustCompile(`</mark>([ .:_/\\-]{0,3})<mark>`)

// snippet returns a hit's snippet: of the fragments bleve's highlighter
// cut from the stored fields, the one that marks the most words of the
// query (lower-cased: lower), each phrase marked once; or the article's
// summary when nothing was marked. It is HTML: escaped text and <mark>
// elements.
func snippet(a *content.Article, dm *search.DocumentMatch, lower string) string {
	best, marks := "", 0
	if dm != nil {
		for _, f := range snippetFields {
			for _, frag := range dm.Fragments[f] {
				if n := markedWords(frag, lower); n > marks {
					best, marks = frag, n
				}
			}
		}
	}
	if best == "" {
		return html.EscapeString(cut(a.Summary, snippetRunes))
	}
	return strings.TrimSpace(adjacentMarks.ReplaceAllString(best, "$1"))
}

// markedWords scores a fragment: two for each distinct word it marks
// that the query (lower-cased: lower) has as written, one for each other
// (a stem's other form, a synonym, a correction).
func markedWords(frag, lower string) int {
	seen := map[string]bool{}
	n := 0
	for rest := frag; ; {
		i := strings.Index(rest, "<mark>")
		if i < 0 {
			return n
		}
		rest = rest[i+len("<mark>"):]
		j := strings.Index(rest, "</mark>")
		if j < 0 {
			return n
		}
		w := strings.ToLower(html.UnescapeString(rest[:j]))
		if !seen[w] {
			seen[w] = true
			n++
			if strings.Contains(lower, w) {
				n++
			}
		}
		rest = rest[j:]
	}
}

// snippetRunes is about how long a snippet is, in characters, before
// HTML escaping: bleve's fragments are 200, with an ellipsis or two.
const snippetRunes = 200

// cut shortens s to at most n characters, at a word boundary when there
// is one, with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	r = r[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}
