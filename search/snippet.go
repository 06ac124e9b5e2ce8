package search

import (
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sockerr/sockerr/content"
)

// snippetBytes is about how long a snippet is, before HTML escaping.
const snippetBytes = 200

// escaper escapes text for HTML as html.EscapeString does, straight into
// a buffer.
var escaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")

// The words of an article's snippet passages (its summary, Windows
// message, runtime forms and body paragraphs) are analyzed once, when the
// index is built, and kept in a few bytes a word (see appendWords). The
// passages themselves are cut from the article again when a snippet is
// made, only for the hits of a query.
//
// The analyzers that build the index first write each passage's words as
// uvarints, with the terms in their own numbering (appendPassage);
// appendWords then writes the final form for the whole index.

// A termID numbers a term of the snippet passages; the numbers are shared
// by all articles, so a query's terms are looked up once, not per hit.
type termID int32

type termIDs map[string]termID

func (ids termIDs) id(term string) termID {
	id, ok := ids[term]
	if !ok {
		id = termID(len(ids))
		ids[term] = id
	}
	return id
}

// lookup returns the ids of the terms that occur in some passage.
func (ids termIDs) lookup(terms []string) []termID {
	out := make([]termID, 0, len(terms))
	for _, t := range terms {
		if id, ok := ids[t]; ok {
			out = append(out, id)
		}
	}
	return out
}

// idBytes is how many bytes a term number takes in the final form for n
// terms: the largest value of those bytes is left for "no term".
func idBytes(n int) int {
	w := 2
	for n >= 1<<(8*w)-1 && w < 4 {
		w++
	}
	return w
}

// A snipTok is a word of a passage: its byte offsets in the passage and
// its terms (lower is -1 when the word lower-cased is its stem).
type snipTok struct {
	start, end  int
	stem, lower termID
}

// A passageRef says where a passage is: in which text of the article
// (see passageSource), from which byte, how long.
type passageRef struct {
	src, start, length int
}

// The texts of an article that passages are cut from.
const (
	srcSummary = iota
	srcMessage
	srcSeenAs // srcSeenAs+i is a.SeenAs[i]; srcSeenAs+len(a.SeenAs) is a.Text
)

// passageSource returns the text of a that passages from src are cut
// from, and their bonus: the preference among passages that match as
// well (summary, then message, then runtime forms, then body).
func passageSource(a *content.Article, src int) (string, float64) {
	switch {
	case src == srcSummary:
		return a.Summary, 0.3
	case src == srcMessage:
		return a.Message, 0.2
	case src-srcSeenAs < len(a.SeenAs):
		return a.SeenAs[src-srcSeenAs], 0.1
	case src-srcSeenAs == len(a.SeenAs):
		return a.Text, 0
	}
	return "", 0
}

// appendPassage appends a passage and its words to dst, as an analyzer
// writes them: where the passage is and the number of its words, then
// for each word the bytes since the end of the previous one (times two,
// plus one when it has a lower-cased term), its length, its stem and its
// lower-cased form, all as uvarints.
func appendPassage(dst []byte, ref passageRef, toks []snipTok) []byte {
	dst = binary.AppendUvarint(dst, uint64(ref.src))
	dst = binary.AppendUvarint(dst, uint64(ref.start))
	dst = binary.AppendUvarint(dst, uint64(ref.length))
	dst = binary.AppendUvarint(dst, uint64(len(toks)))
	prev := 0
	for _, t := range toks {
		gap := uint64(t.start-prev) << 1
		if t.lower >= 0 {
			gap |= 1
		}
		dst = binary.AppendUvarint(dst, gap)
		dst = binary.AppendUvarint(dst, uint64(t.end-t.start))
		dst = binary.AppendUvarint(dst, uint64(t.stem))
		if t.lower >= 0 {
			dst = binary.AppendUvarint(dst, uint64(t.lower))
		}
		prev = t.end
	}
	return dst
}

// readPassageRef decodes, at offset i of enc, a passage's reference and
// its word count, as appendPassage wrote them; it returns the offset after.
func readPassageRef(enc []byte, i int) (ref passageRef, words, next int) {
	ref.src, i = uvarint(enc, i)
	ref.start, i = uvarint(enc, i)
	ref.length, i = uvarint(enc, i)
	words, i = uvarint(enc, i)
	return ref, words, i
}

// passagesOf decodes what appendPassage wrote for every passage of an
// article, appending the passages, how many words each has, and the words.
func passagesOf(src []byte, refs []passageRef, counts []int, words []snipTok) ([]passageRef, []int, []snipTok) {
	for i := 0; i < len(src); {
		var ref passageRef
		var n int
		ref, n, i = readPassageRef(src, i)
		refs, counts = append(refs, ref), append(counts, n)
		prev := 0
		for ; n > 0 && i <= len(src); n-- {
			var gap, length, id int
			gap, i = uvarint(src, i)
			length, i = uvarint(src, i)
			id, i = uvarint(src, i)
			t := snipTok{start: prev + gap>>1, stem: termID(id), lower: -1}
			t.end = t.start + length
			if gap&1 != 0 {
				id, i = uvarint(src, i)
				t.lower = termID(id)
			}
			words = append(words, t)
			prev = t.end
		}
	}
	return refs, counts, words
}

// appendWords appends the final form of an article's passages and words
// to dst, the terms renumbered by f (into w-byte numbers, see idBytes): a
// byte that gives w and the size of an offset (2 bytes, or 4 when some
// word ends past 65535); the number of passages and of words; for each
// passage where it is and how many words it has, all as uvarints; then,
// each an array with an element per word, the stems, the lower-cased
// forms (all ones for none), the start offsets and the end offsets,
// little-endian. The arrays let a query look at the terms of every word
// and read the offsets of only the words it marks.
func appendWords(dst []byte, refs []passageRef, counts []int, words []snipTok, w int, f func(termID) termID) []byte {
	ob := 2
	for _, t := range words {
		if t.end > 0xFFFF {
			ob = 4
		}
	}
	dst = append(dst, byte(w|ob<<4))
	dst = binary.AppendUvarint(dst, uint64(len(refs)))
	dst = binary.AppendUvarint(dst, uint64(len(words)))
	for i, ref := range refs {
		dst = binary.AppendUvarint(dst, uint64(ref.src))
		dst = binary.AppendUvarint(dst, uint64(ref.start))
		dst = binary.AppendUvarint(dst, uint64(ref.length))
		dst = binary.AppendUvarint(dst, uint64(counts[i]))
	}
	none := uint32(1)<<(8*w) - 1
	for _, t := range words {
		dst = appendUint(dst, uint32(f(t.stem)), w)
	}
	for _, t := range words {
		if t.lower < 0 {
			dst = appendUint(dst, none, w)
		} else {
			dst = appendUint(dst, uint32(f(t.lower)), w)
		}
	}
	for _, t := range words {
		dst = appendUint(dst, uint32(t.start), ob)
	}
	for _, t := range words {
		dst = appendUint(dst, uint32(t.end), ob)
	}
	return dst
}

func appendUint(dst []byte, v uint32, w int) []byte {
	for k := range w {
		dst = append(dst, byte(v>>(8*k)))
	}
	return dst
}

// readUint reads a w-byte little-endian number (w is 2, 3 or 4) at b[i:].
func readUint(b []byte, i, w int) uint32 {
	if w == 2 {
		return uint32(b[i]) | uint32(b[i+1])<<8
	}
	v := uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16
	if w == 4 {
		v |= uint32(b[i+3]) << 24
	}
	return v
}

// uvarint decodes the uvarint at b[i:], returning it and the index after
// it; past the end of b, or on a malformed uvarint, it returns 0 and
// len(b)+1.
func uvarint(b []byte, i int) (int, int) {
	if i < len(b) && b[i] < 0x80 {
		return int(b[i]), i + 1
	}
	if i >= len(b) {
		return 0, len(b) + 1
	}
	v, n := binary.Uvarint(b[i:])
	if n <= 0 || v > 1<<31 {
		return 0, len(b) + 1
	}
	return int(v), i + n
}

// trim is strings.TrimSpace, with the number of bytes cut from the front.
func trim(s string) (string, int) {
	start := 0
	for start < len(s) {
		r, size := rune(s[start]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[start:])
		}
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	end := len(s)
	for end > start {
		r, size := rune(s[end-1]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeLastRuneInString(s[start:end])
		}
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return s[start:end], start
}

// eachLine calls fn with every line of text (without its "\n") and its
// offset in text.
func eachLine(text string, fn func(line string, off int)) {
	for off := 0; ; {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			fn(text[off:], off)
			return
		}
		fn(text[off:off+i], off)
		off += i + 1
	}
}

// A doc is an article's passages, cut again for one hit, and its words
// as appendWords wrote them.
type doc struct {
	passages []passage
	toks     []ptok // the words that are query terms, in order
	words    []ptok // the words of one passage, for render

	n                           int    // words
	w, ob                       int    // bytes of a term number and of an offset
	stems, lowers, starts, ends []byte // the arrays of appendWords
}

type passage struct {
	text        string
	bonus       float64 // preference among passages that match as well
	first, last int     // its words
}

type ptok struct {
	start, end int32 // byte offsets in the passage text
	passage    int32
}

// load finds the passages of a and the arrays of their words in enc.
func (d *doc) load(a *content.Article, enc []byte) {
	d.passages, d.toks, d.n = d.passages[:0], d.toks[:0], 0
	if len(enc) == 0 {
		return
	}
	d.w, d.ob = int(enc[0]&15), int(enc[0]>>4)
	np, i := uvarint(enc, 1)
	n, i := uvarint(enc, i)
	sum := 0
	for ; np > 0 && i <= len(enc); np-- {
		var ref passageRef
		var c int
		ref, c, i = readPassageRef(enc, i)
		text, bonus := passageSource(a, ref.src)
		if ref.start+ref.length > len(text) {
			break // never: the encoding is of this article
		}
		d.passages = append(d.passages, passage{text[ref.start : ref.start+ref.length], bonus, sum, sum + c})
		sum += c
	}
	if np > 0 || sum != n || i+n*2*(d.w+d.ob) != len(enc) || d.w < 2 || d.w > 4 || d.ob != 2 && d.ob != 4 {
		d.passages = d.passages[:0] // never: the encoding is of this article
		return
	}
	d.n = n
	d.stems, i = enc[i:i+n*d.w], i+n*d.w
	d.lowers, i = enc[i:i+n*d.w], i+n*d.w
	d.starts, i = enc[i:i+n*d.ob], i+n*d.ob
	d.ends = enc[i : i+n*d.ob]
}

// word returns word i, of passage p.
func (d *doc) word(i, p int) ptok {
	t := ptok{int32(readUint(d.starts, i*d.ob, d.ob)), int32(readUint(d.ends, i*d.ob, d.ob)), int32(p)}
	if t.start < 0 || t.start > t.end || int(t.end) > len(d.passages[p].text) {
		return ptok{0, 0, int32(p)} // never: the encoding is of this text
	}
	return t
}

// A scratch holds the buffers of snippet, reused across hits and
// queries.
type scratch struct {
	doc    doc
	filter [64]uint64 // a bit per term number modulo 4096: which may be a query term
	hits   []snipHit
	count  []int
	marked []int32
}

type snipHit struct {
	tok  int32 // index into doc.toks
	term int   // index into the query's terms
}

// snippet returns the best short passage of a for the terms, as HTML:
// escaped text with <mark> around every occurrence of a term. The best
// passage holds the most distinct terms within snippetBytes; without any,
// it is the start of the summary.
func (x *Index) snippet(a *content.Article, terms []termID, sc *scratch) string {
	d := &sc.doc
	d.load(a, x.snips[a])
	if len(d.passages) == 0 {
		return ""
	}
	sc.filter = [64]uint64{}
	for _, t := range terms {
		sc.filter[t>>6&63] |= 1 << (t & 63)
	}
	// The hits in the order of the words. (The order of two hits on one
	// word, its stem and its lower-cased form, changes nothing below.)
	hits := sc.hits[:0]
	f := &sc.filter
	none := uint32(1)<<(8*d.w) - 1
	stems, lowers, w := d.stems, d.lowers, d.w
	for i, p := 0, 0; i < d.n; i++ {
		var s, l uint32
		if w == 2 {
			s = uint32(stems[2*i]) | uint32(stems[2*i+1])<<8
			l = uint32(lowers[2*i]) | uint32(lowers[2*i+1])<<8
		} else {
			s, l = readUint(stems, i*w, w), readUint(lowers, i*w, w)
		}
		if f[s>>6&63]&(1<<(s&63)) == 0 && (l == none || f[l>>6&63]&(1<<(l&63)) == 0) {
			continue
		}
		ts, tl := slices.Index(terms, termID(s)), -1
		if l != none {
			tl = slices.Index(terms, termID(l))
		}
		if ts < 0 && tl < 0 {
			continue
		}
		for i >= d.passages[p].last {
			p++
		}
		d.toks = append(d.toks, d.word(i, p))
		if ts >= 0 {
			hits = append(hits, snipHit{int32(len(d.toks) - 1), ts})
		}
		if tl >= 0 {
			hits = append(hits, snipHit{int32(len(d.toks) - 1), tl})
		}
	}
	sc.hits = hits
	if len(hits) == 0 {
		return d.render(0, 0, 0, nil)
	}

	// Slide a window over the hits of each passage; keep the window with
	// the most distinct terms.
	count := append(sc.count[:0], make([]int, len(terms))...)
	sc.count = count
	bestScore, bestFrom, bestTo := -1.0, 0, 0
	for from, to, distinct := 0, 0, 0; to < len(hits); to++ {
		t := d.toks[hits[to].tok]
		if count[hits[to].term] == 0 {
			distinct++
		}
		count[hits[to].term]++
		for {
			f := d.toks[hits[from].tok]
			if f.passage == t.passage && t.end-f.start <= snippetBytes {
				break
			}
			count[hits[from].term]--
			if count[hits[from].term] == 0 {
				distinct--
			}
			from++
		}
		if s := float64(distinct) + d.passages[t.passage].bonus; s > bestScore {
			bestScore, bestFrom, bestTo = s, from, to
		}
	}
	marked := sc.marked[:0]
	for _, h := range hits[bestFrom : bestTo+1] {
		marked = append(marked, h.tok)
	}
	sc.marked = marked
	first, last := d.toks[hits[bestFrom].tok], d.toks[hits[bestTo].tok]
	return d.render(int(first.passage), int(first.start), int(last.end), marked)
}

// render cuts about snippetBytes of passage p around the bytes [from, to),
// on word boundaries, and marks the words of d.toks whose indexes are in
// marked (sorted).
func (d *doc) render(p int, from, to int, marked []int32) string {
	ps := d.passages[p]
	start, end := 0, len(ps.text)
	if end > snippetBytes {
		// Start a little before the first mark, at a word.
		lead := min(snippetBytes/5, max(0, snippetBytes-(to-from))/2)
		start = max(0, min(from-lead, len(ps.text)-snippetBytes))
		toks := d.words[:0]
		for i := ps.first; i < ps.last; i++ {
			toks = append(toks, d.word(i, p))
		}
		d.words = toks
		i := sort.Search(len(toks), func(i int) bool { return int(toks[i].start) >= start })
		if i < len(toks) {
			start = int(toks[i].start)
		}
		if i == 0 {
			start = 0
		}
		// End at the last word that fits.
		end = start
		for _, t := range toks[i:] {
			if int(t.end)-start > snippetBytes {
				break
			}
			end = int(t.end)
		}
		if end == start { // one very long word: cut it
			end = start + snippetBytes
			for end > start && !utf8.RuneStart(ps.text[end]) {
				end--
			}
		}
	}
	var b strings.Builder
	b.Grow(end - start + 32)
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, i := range marked {
		t := d.toks[i]
		if int(t.start) < pos || int(t.end) > end {
			continue
		}
		escaper.WriteString(&b, ps.text[pos:t.start])
		b.WriteString("<mark>")
		escaper.WriteString(&b, ps.text[t.start:t.end])
		b.WriteString("</mark>")
		pos = int(t.end)
	}
	escaper.WriteString(&b, ps.text[pos:end])
	if end < len(ps.text) {
		b.WriteString("…")
	}
	return b.String()
}
