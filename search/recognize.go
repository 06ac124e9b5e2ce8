package search

import (
	"bytes"
	"cmp"
	"fmt"
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

	// prefix says an identifier's spelling starts a word rather than
	// being one ("0x8007" starts HRESULTs); the resolver reads words
	// whole, so any other spelling counts only where a word ends.
	prefix bool
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
		// The bare hex (2746, 57 for 87) names a code only as a whole,
		// which Resolve reads; in running text it is any number. Hex
		// with 0x is also written unpadded (0x3E5).
		bareHex := fmt.Sprintf("%X", a.Code)
		for _, f := range append(codeForms(a), "0x"+bareHex) {
			if f != bareHex || f == strconv.Itoa(a.Code) {
				add(strings.ToLower(f), literalInfo{})
			}
		}
		if a.Node != nil && a.Node.Errno != 0 {
			add(strconv.Itoa(a.Node.Errno), literalInfo{})
		}
	}
	// Words the resolver reads a number after: "errno 104", Rust's "(os
	// error 111)", whatever stands between the words.
	for _, w := range []string{"errno", "os", "socketerror."} {
		add(w, literalInfo{})
	}
	add("0x8007", literalInfo{prefix: true})
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

// A Recognizer finds the socket errors a text mentions: step 1 of a search
// alone (see the package doc), without the full-text index, so that it is
// ready in a fraction of the time an Index takes. An Index has one. It is
// immutable and safe for concurrent use.
type Recognizer struct {
	rec *recognizer
}

// NewRecognizer returns the recognizer of a corpus, the one an Index of it
// has.
func NewRecognizer(c *content.Corpus) *Recognizer {
	return &Recognizer{newRecognizer(c, newResolver(c))}
}

// Recognizer returns the index's recognizer.
func (x *Index) Recognizer() *Recognizer { return &Recognizer{x.rec} }

// Recognize is [Recognizer.Recognize] with the index's recognizer.
func (x *Index) Recognize(text string) []Mention {
	return recognize(x.rec, text, nil)
}

// Recognize returns the socket errors a text mentions, in the order they
// appear: every message text, and every identifier that names one article
// in its context (see [Mention]). It costs one pass over the text when the
// text holds no identifier's spelling, so it can read a log a line at a
// time.
func (r *Recognizer) Recognize(text string) []Mention {
	return recognize(r.rec, text, nil)
}

// RecognizeBytes is [Recognizer.Recognize] for a text in bytes, as a log
// is read: the text is copied into a string only when it holds an
// identifier's spelling, for the resolver to read its words.
func (r *Recognizer) RecognizeBytes(text []byte) []Mention {
	return recognize(r.rec, text, nil)
}

// RecognizeLines is [Recognizer.RecognizeBytes] for every line of text at
// once, as a log is read a buffer at a time. A line ends at "\n" or at the
// end of text; a "\r" at its end is not part of it. For each line that
// mentions a socket error, in order, fn gets where the line starts in
// text, the line, and its mentions as RecognizeBytes(line) returns them.
//
// Messages and identifiers never span lines, so the literal matcher reads
// the whole text in one pass, four stretches of lines side by side (see
// eachLiteralBlock), and only lines where it found something are looked at
// one by one: a log is read several times faster than a line at a time.
func (r *Recognizer) RecognizeLines(text []byte, fn func(start int, line []byte, ms []Mention)) {
	rec := r.rec
	found := eachLiteralBlock(rec.lits, text, make([]litMatch, 0, len(text)/128))
	for len(found) > 0 {
		// Most occurrences are an identifier's spelling that ends inside
		// a word ("6" in "64ms"), which the text around it rules out as
		// the line would.
		var out []Mention
		names := false
		if out = onLiteral(rec, text, int(found[0].id), int(found[0].end), out, &names); len(out) == 0 && !names {
			found = found[1:]
			continue
		}
		// The line of the first occurrence left, and every occurrence in
		// it.
		end := int(found[0].end)
		start := bytes.LastIndexByte(text[:end], '\n') + 1
		stop := len(text)
		if i := bytes.IndexByte(text[end:], '\n'); i >= 0 {
			stop = end + i
		}
		line := bytes.TrimSuffix(text[start:stop], []byte{'\r'})
		out, names = out[:0], false
		for len(found) > 0 && int(found[0].end) <= stop {
			out = onLiteral(rec, line, int(found[0].id), int(found[0].end)-start, out, &names)
			found = found[1:]
		}
		if ms := mentionsIn(rec, line, nil, out, names); len(ms) > 0 {
			fn(start, line, ms)
		}
	}
}

// recognize returns the socket errors mentioned in text, cut into words
// ws (nil: cut here when needed), in the order they appear: every message
// text and every identifier that names one article.
func recognize[T string | []byte](r *recognizer, text T, ws []word) []Mention {
	var out []Mention
	names := false
	eachLiteral(r.lits, text, func(id, end int) {
		out = onLiteral(r, text, id, end, out, &names)
	})
	return mentionsIn(r, text, ws, out, names)
}

// onLiteral takes in an occurrence of literal id ending at end in text:
// a message's mention, appended to out, or an identifier's spelling, which
// sets names for the resolver to read the text's words.
func onLiteral[T string | []byte](r *recognizer, text T, id, end int, out []Mention, names *bool) []Mention {
	// The matcher finds only what starts at a word boundary; what ends
	// inside a longer word is not what it seems either: not a message,
	// nor an identifier ("6" in "6ms"), unless the spelling is only the
	// start of one, or ends with punctuation.
	info := &r.info[id]
	start := end - r.lits.lens[id]
	if info.arts == nil {
		*names = *names || (info.prefix || !wordByteAt(text, end) || !wordByteAt(text, end-1)) && !inDotted(text, start, end)
		return out
	}
	if wordByteAt(text, end) {
		return out
	}
	return append(out, Mention{Article: info.arts[0], Start: start, End: end, Sure: info.sure})
}

// mentionsIn returns the mentions of text: the messages found, out, and
// when names is set, the identifiers the resolver finds in its words ws
// (nil: cut here); in the order they appear.
func mentionsIn[T string | []byte](r *recognizer, text T, ws []word, out []Mention, names bool) []Mention {
	if names {
		s := string(text)
		if ws == nil {
			ws = wordsOf(s)
		}
		ms, _ := r.res.scan(s, ws, false)
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

// inDotted reports whether the digits at [start, end) follow a digit and
// a dot: not the first number of a dotted run (an IP address, a version),
// which the resolver never reads as a code (see resolver.number).
func inDotted[T string | []byte](text T, start, end int) bool {
	for i := start; i < end; i++ {
		if !isDigit(rune(text[i])) {
			return false
		}
	}
	return start >= 2 && text[start-1] == '.' && isDigit(rune(text[start-2]))
}

func toLowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}

func wordByteAt[T string | []byte](s T, i int) bool {
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
