package content

import (
	"bytes"
	"strconv"
)

// Limits on the shape of an article's Markdown. goldmark's time grows with
// the square of some shapes, or faster: in a 32 KB body, 16,000 block
// quotes opened on one line take it 0.2 s (64 KB: 0.6 s), 8,000 unclosed
// links "[a](" 0.3 s (64 KB: 1 s), 11,000 "*a_" 0.3 s (64 KB: 11 s), and a
// table of 1,000 columns with 14,000 one-cell rows 8 s and 3.5 GB, since
// every row is filled to the header's width. checkShape finds these shapes
// in time linear in the body, before goldmark sees it. Each limit is far
// beyond what an article needs: in the built-in corpus nothing nests more
// than 1 deep, a paragraph has at most 4 links in 1,100 bytes and 25
// emphasis markers, a table 22 cells, and no article an escaped pipe.
const (
	// Block quotes and list items opened on one line.
	maxNesting = 16
	// Links ("](") in each paragraph times its bytes, summed over the
	// body: for a link that does not close, goldmark scans the rest of
	// the paragraph.
	maxLinkWork = 1 << 24
	// Runs of *, _ or ~ in a paragraph: goldmark pairs them in time that
	// grows with the square of their number.
	maxEmphasis = 5000
	// Cells of all the tables of an article, header rows included.
	maxTableCells = 10000
	// Escaped pipes, "\|": goldmark matches every one in a table's code
	// spans against every other.
	maxEscapedPipes = 1000
)

// checkShape reports each limit above that body breaks, once, at the line
// that breaks it. bodyLine is the line of the file the body starts on.
//
// It may count too much, never too little: a "paragraph" here runs from a
// blank line to the next, or to a line that certainly starts a new block
// (a list item that can interrupt a paragraph, a heading), so it may span
// several of goldmark's blocks; a table's rows are counted to the next
// blank line. Only the lines of a code block fenced at the start of a line
// are skipped (goldmark parses nothing in them), and only when no HTML
// block may be open, in which a fence is just text.
func checkShape(name string, body []byte, bodyLine int, ps *problems) {
	lines := bytes.Split(body, []byte("\n"))
	// toBlank[i] is the number of lines from i to the next blank one.
	toBlank := make([]int, len(lines)+1)
	for i := len(lines) - 1; i >= 0; i-- {
		if rest, _, _, _ := containers(lines[i]); !isBlank(rest) {
			toBlank[i] = toBlank[i+1] + 1
		}
	}

	var (
		nested, linked, emphasised, tabled, piped bool // reported already

		para                       = -1 // the line the paragraph starts on
		paraBytes, links, emphasis int
		linkWork, cells, pipes     int // in the body so far
	)
	endParagraph := func() {
		if para < 0 {
			return
		}
		if linkWork += links * paraBytes; !linked && linkWork > maxLinkWork {
			linked = true
			ps.add(name, para, "too many links to parse in time: this paragraph has %d (\"](\") in %d bytes; links times the bytes of their paragraph, summed over the article, must stay under %d: split long paragraphs with blank lines", links, paraBytes, maxLinkWork)
		}
		if !emphasised && emphasis > maxEmphasis {
			emphasised = true
			ps.add(name, para, "too many emphasis markers to parse in time: %d runs of *, _ or ~ in one paragraph, at most %d: split it with blank lines", emphasis, maxEmphasis)
		}
		para, paraBytes, links, emphasis = -1, 0, 0, 0
	}
	var (
		fence   []byte // the open fence, such as "```"
		htmlEnd []byte // what ends the HTML block that may be open: a string, or blankLine
	)
	for i, line := range lines {
		n := bodyLine + i
		if fence != nil {
			if closesFence(line, fence) {
				fence = nil
			}
			continue
		}
		if htmlEnd == nil {
			if f := opensFence(line); f != nil {
				endParagraph()
				fence = f
				continue
			}
		}
		rest, depth, indent, starts := containers(line)
		if htmlEnd == nil {
			htmlEnd = htmlBlockEnd(rest)
		}
		if htmlEnd != nil && !bytes.Equal(htmlEnd, blankLine) && bytes.Contains(bytes.ToLower(line), htmlEnd) {
			htmlEnd = nil
		}
		if !nested && depth > maxNesting {
			nested = true
			ps.add(name, n, "block quotes and lists nested %d deep: at most %d", depth, maxNesting)
		}
		if pipes += bytes.Count(line, []byte(`\|`)); !piped && pipes > maxEscapedPipes {
			piped = true
			ps.add(name, n, "too many escaped pipes (\\|) to parse in time: at most %d in an article", maxEscapedPipes)
		}
		if isBlank(rest) {
			endParagraph()
			if bytes.Equal(htmlEnd, blankLine) {
				htmlEnd = nil
			}
			continue
		}
		if starts || (depth == 0 && indent <= 3 && atxHeading(rest)) {
			endParagraph()
		}
		if cols := delimiterCells(rest); !tabled && cols > 0 {
			// The header above and every line to the next blank one:
			// goldmark's table may end sooner, never later. Every row
			// is filled to the header's width.
			rows := 1 + toBlank[i+1]
			if cells += cols * rows; cells > maxTableCells {
				tabled = true
				ps.add(name, n, "tables too large to render in time: this one has %d columns and %d rows, and the article's tables %d cells in all: at most %d", cols, rows, cells, maxTableCells)
			}
		}
		if para < 0 {
			para = n
		}
		paraBytes += len(line) + 1
		links += bytes.Count(rest, []byte("]("))
		emphasis += emphasisRuns(rest)
	}
	endParagraph()
}

// opensFence returns the fence a line opens a code block with, such as
// "```", when the line starts with one (not indented), or nil.
func opensFence(line []byte) []byte {
	if len(line) == 0 || (line[0] != '`' && line[0] != '~') {
		return nil
	}
	n := 0
	for n < len(line) && line[n] == line[0] {
		n++
	}
	if n < 3 || (line[0] == '`' && bytes.IndexByte(line[n:], '`') >= 0) {
		return nil // a run of backticks with another in the line is code
	}
	return line[:n]
}

// closesFence reports whether line closes the code block opened by fence:
// the fence's character, as many times or more, and nothing else but
// spaces.
func closesFence(line, fence []byte) bool {
	line = bytes.TrimSpace(line)
	return len(line) >= len(fence) && len(bytes.Trim(line, string(fence[:1]))) == 0
}

// blankLine is what ends an HTML block of the kinds that end at a blank
// line.
var blankLine = []byte("\n\n")

// htmlBlockEnd returns what ends the HTML block b may start (after its
// containers): the end marker of a comment, processing instruction,
// declaration, CDATA section or script, pre, style or textarea element,
// blankLine for any other line that starts with "<", or nil when b starts
// none. Whether it really starts one matters not: inside one, a fence is
// text, so fences are not looked for until it ends.
func htmlBlockEnd(b []byte) []byte {
	if len(b) == 0 || b[0] != '<' {
		return nil
	}
	l := bytes.ToLower(b[:min(len(b), 10)])
	for _, t := range []struct{ start, end string }{
		{"<!--", "-->"}, {"<?", "?>"}, {"<![cdata[", "]]>"}, {"<!", ">"},
		{"<script", "</script>"}, {"<pre", "</pre>"}, {"<style", "</style>"}, {"<textarea", "</textarea>"},
	} {
		if bytes.HasPrefix(l, []byte(t.start)) {
			return []byte(t.end)
		}
	}
	return blankLine
}

// containers strips the block-quote markers and list markers that open a
// line, and returns what follows, how many there were, the columns of
// space before what follows, and whether the line starts a block that
// ends any paragraph before it: a list item, not nested in another
// container, that is not empty and, when ordered, is numbered 1 (as
// goldmark decides; other items may be more of the paragraph's text).
func containers(line []byte) (rest []byte, depth, indent int, starts bool) {
	i := 0
	listed := false
	for {
		indent = 0 // columns since the last marker
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			indent += 1 + 3*b2i(line[i] == '\t')
			i++
		}
		if i == len(line) {
			return nil, depth, indent, starts
		}
		if line[i] == '>' {
			depth++
			i++
			continue
		}
		if !listed && thematicBreak(line[i:]) {
			// "- - -" is a rule, not three lists. (After a list marker,
			// a rule is counted as lists: looking again at every marker
			// would take time that grows with the square of the line.)
			return line[i:], depth, indent, starts
		}
		size, one := listMarker(line[i:])
		if size == 0 {
			return line[i:], depth, indent, starts
		}
		if depth == 0 && indent <= 3 && !isBlank(line[i+size:]) && one {
			starts = true
		}
		depth++
		i += size
		listed = true
	}
}

// listMarker returns the size of the list marker b starts with ("-", "*",
// "+", or up to 9 digits and "." or ")"; then a space or the end), or 0,
// and whether it could start a list that interrupts a paragraph: a bullet,
// or an ordered marker numbered 1.
func listMarker(b []byte) (size int, one bool) {
	i := 0
	switch {
	case len(b) > 0 && (b[0] == '-' || b[0] == '*' || b[0] == '+'):
		i = 1
		one = true
	default:
		for i < len(b) && i < 9 && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == 0 || i == len(b) || (b[i] != '.' && b[i] != ')') {
			return 0, false
		}
		n, _ := strconv.Atoi(string(b[:i]))
		one = n == 1
		i++
	}
	if i < len(b) && b[i] != ' ' && b[i] != '\t' {
		return 0, false
	}
	return i, one
}

// thematicBreak reports whether b is a rule: three or more of one of -, *
// and _, and nothing else but spaces and tabs.
func thematicBreak(b []byte) bool {
	var c byte
	n := 0
	for _, x := range b {
		switch {
		case x == ' ' || x == '\t':
		case c == 0 && (x == '-' || x == '*' || x == '_'):
			c = x
			n++
		case x == c:
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// atxHeading reports whether b starts with a heading's 1 to 6 "#".
func atxHeading(b []byte) bool {
	n := 0
	for n < len(b) && b[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(b) || b[n] == ' ' || b[n] == '\t')
}

// delimiterCells returns the number of columns of b when it is a table's
// delimiter row (such as "| --- | :-: |"), as goldmark's table extension
// reads one, or 0.
func delimiterCells(b []byte) int {
	if bytes.IndexByte(b, '|') < 0 {
		return 0 // one column at most: no table of those is slow
	}
	b = bytes.TrimSpace(b)
	cols := bytes.Split(b, []byte("|"))
	if len(cols) > 0 && isBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && isBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	for _, c := range cols {
		c = bytes.TrimSpace(c)
		c = bytes.TrimPrefix(c, []byte(":"))
		c = bytes.TrimSuffix(c, []byte(":"))
		if len(c) == 0 || len(bytes.Trim(c, "-")) != 0 {
			return 0
		}
	}
	return len(cols)
}

// emphasisRuns counts the runs of one of *, _ and ~ in b: each may become
// one of goldmark's emphasis delimiters.
func emphasisRuns(b []byte) int {
	n := 0
	for i := range b {
		if c := b[i]; (c == '*' || c == '_' || c == '~') && (i == 0 || b[i-1] != c) {
			n++
		}
	}
	return n
}

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }
