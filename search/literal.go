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
	delta   []int32 // state*classes + class → next state
	out     [][]int // state → the strings that end there, by number
	lens    []int   // string number → its length
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

	// The trie, with goto edges in a map while it is built.
	type node struct {
		next map[uint8]int32
		fail int32
		out  []int
	}
	nodes := []node{{next: map[uint8]int32{}}}
	for id, p := range pats {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := l.class[p[i]]
			t, ok := nodes[s].next[c]
			if !ok {
				t = int32(len(nodes))
				nodes = append(nodes, node{next: map[uint8]int32{}})
				nodes[s].next[c] = t
			}
			s = t
		}
		nodes[s].out = append(nodes[s].out, id)
		l.lens = append(l.lens, len(p))
	}

	// Breadth first: each state's failure link, its outputs joined with
	// those of the state it fails to, and its full row of transitions.
	l.delta = make([]int32, len(nodes)*l.classes)
	l.out = make([][]int, len(nodes))
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		n := &nodes[s]
		if s != 0 {
			n.out = append(n.out, nodes[n.fail].out...)
		}
		l.out[s] = slices.Clip(n.out)
		row := l.delta[int(s)*l.classes : int(s+1)*l.classes]
		for c := range l.classes {
			t, ok := n.next[uint8(c)]
			switch {
			case ok:
				if s != 0 {
					nodes[t].fail = l.delta[int(n.fail)*l.classes+c]
				}
				row[c] = t
				queue = append(queue, t)
			case s != 0:
				row[c] = l.delta[int(n.fail)*l.classes+c]
			}
		}
	}
	return l
}

// each calls fn with every occurrence of a string in text: its number
// and where it ends. Occurrences that end at the same place come longest
// first.
func (l *literals) each(text string, fn func(id, end int)) {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = l.delta[int(s)*l.classes+int(l.class[text[i]])]
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
