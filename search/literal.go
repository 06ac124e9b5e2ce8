package search

import (
	"bytes"
	"slices"
)

// A literals matcher finds, in one pass over a text, every occurrence of a
// set of strings that starts at a word boundary (at the start of the text
// or after a byte that is not an ASCII letter, digit or '_'; see
// isWordByte), ignoring the case of ASCII letters. The recognizer wants no
// other: a message or an identifier that starts inside a longer word is
// not one.
//
// It is an Aho–Corasick automaton made a deterministic table, over the
// classes of the bytes the strings hold (every other byte is one of two
// classes, word or not, that lead back to the start), whose failure links
// only go to suffixes that start at a boundary. So besides the start there
// is a state for "inside a word, where nothing may start", and in it the
// rest of the word is skipped without a look at the table: most words of
// a log start no string, or part ways with every string after a letter or
// two, and are passed over at the speed of a byte comparison.
//
// For the built-in articles the strings are about a thousand names, codes
// and message texts: fifteen thousand states of 131 classes, 7.9 MB. The
// table grows with the corpus (10,000 articles: 370,000 states of 42
// classes, 61 MB); its states are uint32, as a corpus four times the
// built-in one outgrows uint16, and a walk is no slower for it.
type literals struct {
	class   [256]uint8  // byte → its class
	word    [256]bool   // byte → whether it is a word byte
	start   [256]uint32 // byte → the state it leads to from litStart
	start2  []uint32    // two bytes → the state they lead to from litStart
	classes int
	delta   []uint32 // state*classes + class → next state
	// States from firstOut on are those where strings end (the table is
	// numbered so), which the scan tells by a comparison.
	firstOut int
	out      [][]int // state-firstOut → the strings that end there, by number
	lens     []int   // string number → its length
}

// The first two states.
const (
	litStart = 0 // a string may start at the next byte
	litWord  = 1 // inside a word: none may start before its end
)

// The two classes of the bytes no string holds.
const (
	otherClass     = 0 // not a word byte
	otherWordClass = 1 // a word byte
)

// newLiterals builds the matcher for pats (none of them empty).
func newLiterals(pats []string) *literals {
	l := &literals{classes: 2}
	var classOf [256]uint8
	for _, p := range pats {
		for i := 0; i < len(p); i++ {
			b := lowerASCII(p[i])
			if classOf[b] == 0 {
				if l.classes == 256 {
					panic("search: literals use every byte value")
				}
				classOf[b] = uint8(l.classes)
				l.classes++
			}
		}
	}
	var wordClass [256]bool // class → whether its bytes are word bytes (lowering keeps that)
	for b := range 256 {
		c := classOf[lowerASCII(byte(b))]
		if c == 0 && isWordByte(byte(b)) {
			c = otherWordClass
		}
		l.class[b] = c
		l.word[b] = isWordByte(byte(b))
		wordClass[c] = isWordByte(byte(b))
	}

	// The trie, its edges in the rows of the table (0: none yet, as no
	// edge leads back to the start). It has at most a state per byte of
	// the strings, plus the two first.
	states := 2
	for _, p := range pats {
		states += len(p)
	}
	delta := make([]uint32, states*l.classes)
	out := make([][]int, 2, states)
	for id, p := range pats {
		s := litStart
		for i := 0; i < len(p); i++ {
			e := s*l.classes + int(l.class[p[i]])
			if delta[e] == 0 {
				delta[e] = uint32(len(out))
				out = append(out, nil)
			}
			s = int(delta[e])
		}
		out[s] = append(out[s], id)
		l.lens = append(l.lens, len(p))
	}
	delta = delta[:len(out)*l.classes]

	// after is where the empty suffix leads once a byte of class c is
	// read: a string may start after a byte that is not a word byte.
	after := func(c int) uint32 {
		if wordClass[c] {
			return litWord
		}
		return litStart
	}
	// Breadth first from the start: each state's failure link (the
	// longest proper suffix of its string that starts at a boundary and
	// is a state; litStart or litWord when none is, as its last byte
	// lets a string start after it or not), its outputs joined with those
	// of the state it fails to, and the rest of its row filled in from
	// that state's. litWord's row is complete from the outset.
	for c := range l.classes {
		delta[litWord*l.classes+c] = after(c)
	}
	fail := make([]uint32, len(out))
	queue := []uint32{litStart}
	for len(queue) > 0 {
		s := int(queue[0])
		queue = queue[1:]
		if s != litStart {
			out[s] = append(out[s], out[fail[s]]...)
		}
		row := delta[s*l.classes : (s+1)*l.classes]
		for c, t := range row {
			switch {
			case t != 0:
				if s == litStart {
					fail[t] = after(c)
				} else {
					fail[t] = delta[int(fail[s])*l.classes+c]
				}
				queue = append(queue, t)
			case s == litStart:
				row[c] = after(c)
			default:
				row[c] = delta[int(fail[s])*l.classes+c]
			}
		}
	}

	// Number the states where strings end last.
	num := make([]uint32, len(out))
	n := 0
	for pass := range 2 {
		for s := range out {
			if (len(out[s]) > 0) == (pass == 1) {
				num[s] = uint32(n)
				n++
			}
		}
		if pass == 0 {
			l.firstOut = n
		}
	}
	l.delta = make([]uint32, len(delta))
	l.out = make([][]int, len(out)-l.firstOut)
	for s := range out {
		copy(l.delta[int(num[s])*l.classes:], delta[s*l.classes:(s+1)*l.classes])
		if int(num[s]) >= l.firstOut {
			l.out[int(num[s])-l.firstOut] = slices.Clip(out[s])
		}
	}
	for i, t := range l.delta {
		l.delta[i] = num[t]
	}
	for b := range 256 {
		l.start[b] = l.delta[litStart*l.classes+int(l.class[b])]
	}
	l.start2 = make([]uint32, 1<<16)
	for b := range 1 << 16 {
		l.start2[b] = l.delta[int(l.start[b>>8])*l.classes+int(l.class[b&0xff])]
	}
	return l
}

// eachLiteral calls fn with every occurrence of a string of l in text
// that starts at a word boundary: its number and where it ends.
// Occurrences that end at the same place come longest first.
//
// Most of a log is bytes where no string has begun; there the next state
// depends only on the byte (l.start), and words no string starts are
// passed over whole. The table is walked only from where a string may
// have begun until none can have.
func eachLiteral[T string | []byte](l *literals, text T, fn func(id, end int)) {
	for i := 0; i < len(text); {
		var s int
		if s = int(l.start[text[i]]); s < l.firstOut && i+1 < len(text) {
			s = int(l.start2[int(text[i])<<8|int(text[i+1])])
			i += 2
		} else {
			i++
		}
		switch s {
		case litStart:
			continue
		case litWord:
			for i < len(text) && l.word[text[i]] {
				i++
			}
			i++ // the byte after the word: nothing starts there
			continue
		}
		for {
			if s >= l.firstOut {
				for _, id := range l.out[s-l.firstOut] {
					fn(id, i)
				}
			}
			if i == len(text) {
				return
			}
			s = int(l.delta[s*l.classes+int(l.class[text[i]])])
			i++
			if s == litStart {
				break
			}
			if s == litWord {
				for i < len(text) && l.word[text[i]] {
					i++
				}
				i++
				break
			}
		}
	}
}

// A litMatch is an occurrence of a string: its number and where it ends.
type litMatch struct{ id, end int32 }

// eachLiteralBlock appends to found every occurrence that eachLiteral
// finds in each line of text (lines end at "\n"; no string holds one, so
// none spans two), in order of where they end.
//
// Walking the table is a chain of memory reads, each waiting for the one
// before. Over a long text of many lines, litStreams stretches that start
// at line starts are walked side by side, byte by byte, so that their
// chains wait at once: about twice the speed of eachLiteral on a log.
func eachLiteralBlock(l *literals, text []byte, found []litMatch) []litMatch {
	const streams = litStreams
	// Stretch k is text[bounds[k]:bounds[k+1]]; each starts at a line's
	// start, after a quarter of the text.
	var bounds [streams + 1]int
	for k := 1; k <= streams; k++ {
		b := max(bounds[k-1], len(text)*k/streams)
		if i := bytes.IndexByte(text[b:], '\n'); k < streams && i >= 0 {
			b += i + 1
		} else {
			b = len(text)
		}
		bounds[k] = b
	}

	// Room for an occurrence every 128 bytes, about a log's share: "6"
	// and "8" start numbers often.
	var outs [streams][]litMatch
	for k := range streams {
		outs[k] = make([]litMatch, 0, (bounds[k+1]-bounds[k])/128)
	}
	t0, t1, t2, t3 := text[bounds[0]:bounds[1]], text[bounds[1]:bounds[2]], text[bounds[2]:bounds[3]], text[bounds[3]:bounds[4]]
	n := min(len(t0), len(t1), len(t2), len(t3))
	t0, t1, t2, t3 = t0[:n], t1[:n], t2[:n], t3[:n]
	delta, class, classes, firstOut := l.delta, &l.class, l.classes, l.firstOut
	s0, s1, s2, s3 := litStart, litStart, litStart, litStart
	for i := range t0 {
		s0 = int(delta[s0*classes+int(class[t0[i]])])
		s1 = int(delta[s1*classes+int(class[t1[i]])])
		s2 = int(delta[s2*classes+int(class[t2[i]])])
		s3 = int(delta[s3*classes+int(class[t3[i]])])
		if max(s0, s1, s2, s3) >= firstOut {
			l.collect(&outs, &bounds, [streams]int{s0, s1, s2, s3}, i+1)
		}
	}
	// What is left of each stretch, alone.
	states := [streams]int{s0, s1, s2, s3}
	for k := range streams {
		s := states[k]
		for i := bounds[k] + n; i < bounds[k+1]; i++ {
			s = int(delta[s*classes+int(class[text[i]])])
			if s >= firstOut {
				var one [streams]int
				one[k] = s
				l.collect(&outs, &bounds, one, i+1-bounds[k])
			}
		}
		found = append(found, outs[k]...)
	}
	return found
}

// litStreams is how many stretches eachLiteralBlock walks side by side:
// four chains keep a core's loads busy, and the loop's variables fit its
// registers nearly.
const litStreams = 4

// collect appends to outs[k] the strings that end in states[k], for each
// stretch k (see eachLiteralBlock) where one does, at offset end in it.
// It stays out of line: eachLiteralBlock's loop is faster small.
//
//go:noinline
func (l *literals) collect(outs *[litStreams][]litMatch, bounds *[litStreams + 1]int, states [litStreams]int, end int) {
	for k, s := range states {
		if s >= l.firstOut {
			for _, id := range l.out[s-l.firstOut] {
				outs[k] = append(outs[k], litMatch{int32(id), int32(bounds[k] + end)})
			}
		}
	}
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
