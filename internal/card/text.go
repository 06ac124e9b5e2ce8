package card

import (
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// family is the Go font family, parsed once. A parsed font is safe for
// concurrent use; the faces made from it are not (an opentype.Face keeps a
// glyph buffer and a rasterizer), so every render makes its own.
type family struct {
	regular, bold, mono, monoBold *opentype.Font
}

var goFonts = sync.OnceValue(func() family {
	return family{
		regular:  parse(goregular.TTF),
		bold:     parse(gobold.TTF),
		mono:     parse(gomono.TTF),
		monoBold: parse(gomonobold.TTF),
	}
})

func parse(ttf []byte) *opentype.Font {
	f, err := opentype.Parse(ttf)
	if err != nil {
		// The fonts are compiled in: only a broken x/image gets here, and
		// then every test fails.
		panic("card: parsing an embedded Go font: " + err.Error())
	}
	return f
}

// newFace returns f at size pixels. It is unhinted, so that widths scale in
// proportion to size (fitSize relies on it) and match what a browser lays
// out from the same metrics (Badge relies on it).
func newFace(f *opentype.Font, size float64) font.Face {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("card: " + err.Error()) // only for a size or DPI out of range, which are constants here
	}
	return face
}

const ellipsis = "…"

// drawable returns s as it can be drawn in f: whitespace runs collapsed to
// one space, control and format characters dropped, and runes f has no
// glyph for (CJK, Arabic and Hebrew in the Go fonts; invalid UTF-8) left
// out rather than drawn as boxes. It reports false when that leaves out
// more than half of the non-space runes: a Chinese message reduced to its
// digits and punctuation reads as nonsense, so the caller leaves the field
// out instead.
func drawable(f *opentype.Font, s string) (string, bool) {
	var buf sfnt.Buffer
	var b strings.Builder
	total, kept := 0, 0
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue // invisible; and bidi overrides would need a bidi algorithm
		}
		total++
		if r == utf8.RuneError {
			continue
		}
		if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
			continue
		}
		kept++
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if kept == 0 || 2*kept < total {
		return "", false
	}
	return b.String(), true
}

// wrap breaks s into lines no wider than width when drawn in face, breaking
// at spaces and, for a word wider than a whole line, between runes. When the
// text needs more than maxLines lines the last line ends in an ellipsis.
func wrap(face font.Face, s string, width fixed.Int26_6, maxLines int) []string {
	if maxLines < 1 {
		return nil
	}
	fits := func(t string) bool { return font.MeasureString(face, t) <= width }
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && fits(line+" "+word) {
			line += " " + word
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for len(lines) <= maxLines && !fits(line) {
			n := longestFit(face, line, width)
			lines = append(lines, line[:n])
			line = line[n:]
		}
		if len(lines) > maxLines {
			break // the rest cannot be shown: don't measure it
		}
	}
	if line != "" && len(lines) <= maxLines {
		lines = append(lines, line)
	}
	if len(lines) <= maxLines {
		return lines
	}
	lines = lines[:maxLines]
	lines[maxLines-1] = truncate(face, lines[maxLines-1], width)
	return lines
}

// longestFit returns the byte length of the longest prefix of s that is no
// wider than width, but at least one rune, so that wrapping always advances.
func longestFit(face font.Face, s string, width fixed.Int26_6) int {
	var w fixed.Int26_6
	prev := rune(-1)
	for i, r := range s {
		if prev >= 0 {
			w += face.Kern(prev, r)
		}
		a, _ := face.GlyphAdvance(r)
		if w += a; w > width {
			if i == 0 {
				_, n := utf8.DecodeRuneInString(s)
				return n
			}
			return i
		}
		prev = r
	}
	return len(s)
}

// truncate ends s with an ellipsis, within width: the text went on past
// this line. It drops whole words from the end until the ellipsis fits, and
// runes only from a line that is one word; it leaves no space or comma
// dangling before the ellipsis.
func truncate(face font.Face, s string, width fixed.Int26_6) string {
	for {
		s = strings.TrimRight(s, " ,;:")
		if s == "" || font.MeasureString(face, s+ellipsis) <= width {
			return s + ellipsis
		}
		if i := strings.LastIndexByte(s, ' '); i > 0 {
			s = s[:i]
		} else {
			_, n := utf8.DecodeLastRuneInString(s)
			s = s[:len(s)-n]
		}
	}
}

// fitSize returns the largest size, at most max, at which s drawn in f is
// no wider than width, but not below min (the caller then truncates).
// Unhinted widths scale in proportion to size, so one measurement suffices.
func fitSize(f *opentype.Font, s string, max, min float64, width fixed.Int26_6) float64 {
	w := font.MeasureString(newFace(f, max), s)
	if w <= width {
		return max
	}
	size := max * float64(width) / float64(w)
	size = float64(int(size*4)) / 4 // a little under, against rounding
	if size < min {
		return min
	}
	return size
}

// drawText draws s with its baseline's left end at (x, y).
func drawText(dst draw.Image, face font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// px converts a 26.6 fixed-point length to whole pixels, rounding.
func px(v fixed.Int26_6) int { return v.Round() }
