package content

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A Problem is one thing wrong with a corpus, located in a file.
type Problem struct {
	Path    string // slash-separated path within the corpus FS
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Message string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Message)
}

// Problems is every problem found while loading a corpus. It is returned as
// the error of [Load], so one run reports all of them.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line))
	})
}

// problems collects problems while a corpus loads.
type problems struct{ list Problems }

func (ps *problems) add(path string, line int, format string, args ...any) {
	ps.list = append(ps.list, Problem{Path: path, Line: line, Message: fmt.Sprintf(format, args...)})
}
