package search

import "slices"

// A literals matcher finds every occurrence of a set of strings in a text
// in one pass over it, ignoring the case of ASCII letters: an Aho–Corasick
// automaton made a deterministic table, over the classes of the bytes the
// strings hold (every other byte is one class that leads back to the
// start). The strings are usually a few hundred names and message texts,
// so a table of a few thousand states does.
type literals struct {
	class   [256]uint8 // byte → its class; 0 for bytes no string holds
	classes int
	delta   []uint16 // state*classes + class → next state
	out     [][]int  // state → the strings that end there, by number
	lens    []int    // string number → its length
}

// newLiterals builds the matcher for pats (none of them empty).
func newLiterals(pats []string) *literals {
	l := &literals{classes: 1}
	var classOf [256]uint8
	for _, p := range pats {
		for i := 0; i < len(p); i++ {
			b := lowerASCII(p[i])
			if classOf[b] == 0 {
				classOf[b] = uint8(l.classes)
				l.classes++
				if l.classes > 256 {
					panic("search: literals use every byte value")
				}
			}
		}
	}
	for b := range 256 {
		l.class[b] = classOf[lowerASCII(byte(b))]
	}

	// The trie, its edges in the rows of the table (0: none yet, as no
	// edge leads back to the start). It has at most a state per byte of
	// the strings, plus the start.
	states := 1
	for _, p := range pats {
		states += len(p)
	}
	if states > 1<<16 {
		panic("search: too many literals for the matcher")
	}
	l.delta = make([]uint16, states*l.classes)
	l.out = make([][]int, 1, states)
	for id, p := range pats {
		s := 0
		for i := 0; i < len(p); i++ {
			e := s*l.classes + int(l.class[p[i]])
			if l.delta[e] == 0 {
				l.delta[e] = uint16(len(l.out))
				l.out = append(l.out, nil)
			}
			s = int(l.delta[e])
		}
		l.out[s] = append(l.out[s], id)
		l.lens = append(l.lens, len(p))
	}
	l.delta = slices.Clip(l.delta[:len(l.out)*l.classes])

	// Breadth first: each state's failure link, its outputs joined with
	// those of the state it fails to, and the rest of its row filled in
	// from that state's.
	fail := make([]uint16, len(l.out))
	queue := []uint16{0}
	for len(queue) > 0 {
		s := int(queue[0])
		queue = queue[1:]
		if s != 0 {
			l.out[s] = append(l.out[s], l.out[fail[s]]...)
		}
		l.out[s] = slices.Clip(l.out[s])
		row := l.delta[s*l.classes : (s+1)*l.classes]
		for c, t := range row {
			switch {
			case t != 0:
				if s != 0 {
					fail[t] = l.delta[int(fail[s])*l.classes+c]
				}
				queue = append(queue, t)
			case s != 0:
				row[c] = l.delta[int(fail[s])*l.classes+c]
			}
		}
	}
	return l
}

// each calls fn with every occurrence of a string in text: its number
// and where it ends. Occurrences that end at the same place come longest
// first.
func (l *literals) each(text string, fn func(id, end int)) {
	s := 0
	for i := 0; i < len(text); i++ {
		s = int(l.delta[s*l.classes+int(l.class[text[i]])])
		for _, id := range l.out[s] {
			fn(id, i+1)
		}
	}
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
