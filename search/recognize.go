package search

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sockerr/sockerr/content"
)

// A Mention is a socket error recognised in a text: an identifier (a name,
// a code in context, an HRESULT, an errno) or a message text Windows or a
// runtime prints for it.
type Mention struct {
	Article    *content.Article
	Start, End int // where it is in the text, in bytes

	// Sure is false for what only may be a socket error: a generic POSIX
	// name (EACCES, EINTR) in a text that says nothing of sockets.
	Sure bool

	generic bool // a generic name, even in a text about sockets: less telling than a code
}

// A recognizer finds the socket errors mentioned in a text. Search and
// scan share it: it is the one definition of what counts as a mention.
//
// One pass of a literal matcher over the text finds the message texts
// (Windows' own in every language the corpus has, the POSIX texts of the
// errors only sockets report, the runtime forms the articles list) and
// every spelling an identifier can have; only when the text holds such a
// spelling are its words read by the resolver, which decides by their
// context what a name or number means.
type recognizer struct {
	res  *resolver
	lits *literals
	info []literalInfo // by the literal's number
}

type literalInfo struct {
	arts []*content.Article // the articles a message text is; nil for an identifier's spelling
	sure bool
}

// Message texts shorter than this are matched whole; longer ones by
// their shortest prefix of at least this many bytes that no other text
// shares, so a message that a log wraps, cuts or ends differently is
// still recognised.
const messagePrefix = 40

func newRecognizer(c *content.Corpus, res *resolver) *recognizer {
	texts := map[string][]*content.Article{} // normalized text → articles
	sure := map[string]bool{}
	addText := func(s string, a *content.Article, certain bool) {
		s = normalizeText(s)
		if utf8.RuneCountInString(s) < 6 || !strings.Contains(s, " ") && isASCIIString(s) {
			return // a word or two of ASCII is a name, not a message
		}
		if !slices.Contains(texts[s], a) {
			texts[s] = append(texts[s], a)
		}
		sure[s] = sure[s] || certain
	}
	for _, a := range c.Errors() {
		specific := a.Errno == nil || !generic[strings.ToUpper(a.Errno.Name)]
		addText(a.Message, a, a.Winsock() || specific) // Windows' own text is its own
		for _, m := range a.Messages {
			addText(m.Text, a, true)
		}
		if a.Errno != nil && specific && strings.Count(a.Title, " ") >= 1 {
			addText(a.Title, a, true) // the BSD text: what macOS and BSD print
		}
		if j := a.Java; j != nil && j.Message != "" {
			addText(j.Exception[strings.LastIndexByte(j.Exception, '.')+1:]+": "+j.Message, a, specific)
		}
		for _, s := range a.SeenAs {
			if !strings.ContainsFunc(s, isDigit) && strings.Count(s, " ") >= 2 {
				addText(s, a, specific)
			}
		}
	}

	r := &recognizer{res: res}
	var pats []string
	add := func(p string, info literalInfo) {
		if p != "" && !slices.Contains(pats, p) {
			pats = append(pats, p)
			r.info = append(r.info, info)
		}
	}
	// The literal matcher ignores the case of ASCII letters: so does the
	// search for prefixes.
	byLower := map[string]string{}
	var all []string
	for s, arts := range texts {
		if len(arts) != 1 {
			continue // two articles' text says nothing certain
		}
		l := toLowerASCII(s)
		byLower[l] = s
		all = append(all, l)
	}
	slices.Sort(all)
	for i, p := range distinctPrefixes(all) {
		s := byLower[all[i]]
		add(p, literalInfo{arts: texts[s], sure: sure[s]})
	}
	for name := range res.names {
		add(strings.ToLower(name), literalInfo{})
	}
	for _, a := range c.Articles() {
		if a.Kind == content.KindKB {
			add(a.ID, literalInfo{})
			continue
		}
		for _, f := range codeForms(a) {
			if f != strings.ToUpper(strings.TrimPrefix(a.Hex(), "0x")) {
				add(strings.ToLower(f), literalInfo{})
			}
		}
		if a.Node != nil && a.Node.Errno != 0 {
			add(strconv.Itoa(a.Node.Errno), literalInfo{})
		}
	}
	for _, w := range []string{"errno", "0x8007", "os error", "socketerror."} {
		add(w, literalInfo{})
	}
	r.lits = newLiterals(pats)
	return r
}

// normalizeText is a message text as it is matched: spaces collapsed,
// final punctuation and spaces removed.
func normalizeText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimRightFunc(s, func(r rune) bool {
		return r == '.' || r == '。' || r == '!' || r == ' ' || r == '．'
	})
}

// distinctPrefixes returns, for each of the texts (sorted, distinct, in
// lower case where ASCII), the shortest prefix of at least messagePrefix
// bytes, ending at a word (or, for text without spaces, a character)
// boundary, that no other text starts with; the text itself when there is
// none. Sorted, a text shares its longest prefix with a neighbour.
func distinctPrefixes(texts []string) []string {
	out := make([]string, len(texts))
	for i, s := range texts {
		shared := 0
		if i > 0 {
			shared = commonPrefix(s, texts[i-1])
		}
		if i+1 < len(texts) {
			shared = max(shared, commonPrefix(s, texts[i+1]))
		}
		out[i] = s
		spaced := strings.Contains(s, " ")
		for n := max(messagePrefix, shared+1); n < len(s); n++ {
			if spaced && s[n] == ' ' || !spaced && utf8.RuneStart(s[n]) {
				out[i] = s[:n]
				break
			}
		}
	}
	return out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// Recognize returns the socket errors a text mentions, in the order they
// appear: every message text, and every identifier that names one article
// in its context (see [Mention]). It is the first step of Search, alone;
// it costs one pass over the text when the text holds no identifier's
// spelling, so it can read a log a line at a time.
func (x *Index) Recognize(text string) []Mention {
	return x.rec.recognize(text, nil)
}

// recognize returns the socket errors mentioned in text, cut into words
// ws, in the order they appear: every message text and every identifier
// that names one article.
func (r *recognizer) recognize(text string, ws []word) []Mention {
	var out []Mention
	names := false
	r.lits.each(text, func(id, end int) {
		info := &r.info[id]
		if info.arts == nil {
			names = true
			return
		}
		start := end - r.lits.lens[id]
		if wordByteAt(text, start-1) || wordByteAt(text, end) {
			return // inside a longer word
		}
		out = append(out, Mention{Article: info.arts[0], Start: start, End: end, Sure: info.sure})
	})
	if names {
		if ws == nil {
			ws = wordsOf(text)
		}
		ms, _ := r.res.scan(text, ws, false)
		for _, m := range ms {
			if len(m.arts) == 1 {
				out = append(out, Mention{Article: m.arts[0], Start: m.start, End: m.end, Sure: m.sure, generic: m.generic})
			}
		}
	}
	// In the order they appear; of two that start together, the longer
	// ("No such host is known securely" over "No such host is known"),
	// and a mention inside another is not one.
	slices.SortStableFunc(out, func(a, b Mention) int { return cmp.Or(a.Start-b.Start, b.End-a.End) })
	kept := out[:0]
	for _, m := range out {
		if len(kept) > 0 && m.End <= kept[len(kept)-1].End && m.Article != kept[len(kept)-1].Article {
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

func toLowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}

func wordByteAt(s string, i int) bool {
	return i >= 0 && i < len(s) && isWordByte(s[i])
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
