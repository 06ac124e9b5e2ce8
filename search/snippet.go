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
var adjacentMarks = regexp.MustCompile(`</mark>([ .:_/\\-]{1,3})<mark>`)

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
		return html.EscapeString(cut(a.Summary, snippetBytes))
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

// snippetBytes is about how long a snippet is, before HTML escaping.
const snippetBytes = 240

// cut shortens s to at most n bytes, at a word boundary, with an ellipsis.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := strings.LastIndexByte(s[:n], ' ')
	if i < n/2 {
		i = n
		for i > 0 && s[i]&0xC0 == 0x80 {
			i--
		}
	}
	return s[:i] + "…"
}
