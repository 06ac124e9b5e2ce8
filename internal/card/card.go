// Package card draws sockerr's pictures: an article's link preview, badges,
// and the site's icons. It is pure rendering: no HTTP, no files, no state
// beyond the fonts parsed once. Every function is safe for concurrent use
// and deterministic (the same input gives the same bytes), so the web
// package can render once, cache the bytes and derive an ETag from them.
//
// What each function returns:
//
//	function          Content-Type                   picture
//	PreviewPNG(c)     image/png                      1200×630 (PreviewWidth×PreviewHeight), opaque
//	Badge(l, v)       image/svg+xml; charset=utf-8   20 px high, as wide as its text
//	IconPNG(n)        image/png                      n×n, rounded square, transparent corners
//	TouchIconPNG(n)   image/png                      n×n, opaque square to the edges
//	FaviconICO()      image/x-icon                   one 32×32 PNG entry
//
// and where each goes:
//
//	<meta property="og:image" …>, og:image:width 1200, og:image:height 630,
//	twitter:card summary_large_image          PreviewPNG
//	<link rel="icon" sizes="32x32">           IconPNG(32)
//	/favicon.ico                              FaviconICO()
//	<link rel="apple-touch-icon">             TouchIconPNG(180)
//	manifest icons, "purpose": "any"          IconPNG(192), IconPNG(512)
//	manifest icons, "purpose": "maskable"     TouchIconPNG(512)
//
// A preview takes about 15 ms of one core to render and is about 60 KB
// (BenchmarkPreviewPNG): cheap enough to render on first request, worth
// caching. A badge takes microseconds; icons are for start-up.
//
// A preview shows, top to bottom: the site's mark and name with the
// card's kind at the right; the code, large, in the accent colour; the
// name in a monospace face (large instead, when there is no code); the
// title, bold, at most two lines; and Windows' message, at most three
// lines, ending in an ellipsis when it goes on. A blue bar along the
// bottom edge keeps it recognisable as a thumbnail. When everything does
// not fit, the message loses lines first, then the title.
//
// Text is set in the Go fonts (Go Regular, Bold, Mono and Mono Bold,
// embedded in golang.org/x/image/font/gofont under a BSD-style licence)
// and wrapped by measured width, never by counting characters: a line
// breaks at spaces, and a word wider than a whole line breaks between
// runes. A line too long for its place at the smallest size allowed ends
// in an ellipsis. The Go fonts cover Latin, Greek and Cyrillic but not CJK,
// Arabic or Hebrew: runes they lack are left out rather than drawn as
// boxes, and a field that would lose more than half of its letters that
// way is left out whole.
//
// Badges are drawn by the browser, not here, so Badge measures its text
// with Go Regular at 11 px, whose widths equal Arial's and Helvetica's, names
// those fonts, and pins each text's length (textLength) so that another
// font is spaced to the measured width rather than overflowing.
package card

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// A Card is what a link preview shows of one article. Every field may be
// empty; an empty field takes no room.
type Card struct {
	Kind    string // what the article is, small beside the site's name: "Winsock error", "Known issue"
	Code    string // the big line: "10054", "KB 196271"; "" for an error without a code, such as EPIPE
	Name    string // the identifier, in monospace: "WSAECONNRESET", "EPIPE"
	Title   string // "Connection reset by peer"
	Message string // Windows' text of the error, or a known issue's summary
}

// The preview's size in pixels, the one OpenGraph and Twitter recommend.
const (
	PreviewWidth  = 1200
	PreviewHeight = 630
)

// The preview's layout, in pixels.
const (
	marginX    = 80                             // left and right
	markTop    = 48                             // top of the mark
	markSize   = 60                             // the mark's side
	barHeight  = 16                             // the accent bar along the bottom edge
	contentTop = markTop + markSize             // the first block's gap counts from here
	contentEnd = PreviewHeight - barHeight - 40 // no baseline below this
	textWidth  = PreviewWidth - 2*marginX
)

// A block is one or more lines in one face, with its gap above.
type block struct {
	face  font.Face
	color color.Color
	lines []string
	lead  int // baseline to baseline
	gap   int // from the previous block's last baseline (or contentTop) to this one's cap height
}

func (b block) height() int {
	if len(b.lines) == 0 {
		return 0
	}
	return b.gap + px(b.face.Metrics().CapHeight) + (len(b.lines)-1)*b.lead
}

// PreviewPNG renders c as a PreviewWidth×PreviewHeight PNG (image/png),
// the picture that chat apps and social sites unfurl a link into. The error
// is non-nil only if PNG encoding fails, which it does not for an image of
// this size; it is there so that callers handle rendering like any I/O.
func PreviewPNG(c Card) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, PreviewWidth, PreviewHeight))
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	header(img, c.Kind)
	bar := image.Rect(0, PreviewHeight-barHeight, PreviewWidth, PreviewHeight)
	draw.Draw(img, bar, image.NewUniform(accent), image.Point{}, draw.Src)

	// Centre the text between the header and the bar, a little above the
	// middle where the eye puts it: a short card would otherwise hang from
	// the top with an empty lower half.
	blocks := layout(c)
	y := contentTop
	for _, b := range blocks {
		y += b.height()
	}
	y = contentTop + max(0, contentEnd-y)*2/5
	for _, b := range blocks {
		if len(b.lines) == 0 {
			continue
		}
		y += b.gap + px(b.face.Metrics().CapHeight)
		for i, line := range b.lines {
			if i > 0 {
				y += b.lead
			}
			drawText(img, b.face, b.color, marginX, y, line)
		}
	}
	return encodePNG(img, png.BestSpeed)
}

// header draws the mark, the site's name beside it, and kind at the right.
func header(img draw.Image, kind string) {
	f := goFonts()
	drawMark(img, image.Rect(marginX, markTop, marginX+markSize, markTop+markSize), true)

	name := newFace(f.bold, 40)
	baseline := markTop + markSize/2 + px(name.Metrics().CapHeight)/2
	x := marginX + markSize + 20
	drawText(img, name, fg, x, baseline, "sockerr")

	if kind, ok := drawable(f.regular, kind); ok {
		face := newFace(f.regular, 30)
		room := fixed.I(PreviewWidth - marginX - (x + px(font.MeasureString(name, "sockerr")) + 40))
		kind = wrap(face, kind, room, 1)[0]
		w := px(font.MeasureString(face, kind))
		drawText(img, face, muted, PreviewWidth-marginX-w, baseline, kind)
	}
}

// layout sets c's text in blocks that fit between the header and the bar,
// shortening the message, then the title, until they do.
func layout(c Card) []block {
	f := goFonts()
	width := fixed.I(textWidth)
	var head []block // the code and the name: one line each, whatever the room

	if code, ok := drawable(f.bold, c.Code); ok {
		face := newFace(f.bold, fitSize(f.bold, code, 128, 64, width))
		head = append(head, block{face: face, color: accent, lines: wrap(face, code, width, 1), gap: 52})
	}
	if name, ok := drawable(f.mono, c.Name); ok {
		b := block{color: fgSoft, gap: 40}
		b.face = newFace(f.mono, fitSize(f.mono, name, 46, 28, width))
		if len(head) == 0 { // no code: the name is the headline
			b = block{color: accent, gap: 52}
			b.face = newFace(f.monoBold, fitSize(f.monoBold, name, 96, 40, width))
		}
		b.lines = wrap(b.face, name, width, 1)
		head = append(head, b)
	}

	title, _ := drawable(f.bold, c.Title)
	message, _ := drawable(f.regular, c.Message)
	titleFace := newFace(f.bold, 54)
	messageFace := newFace(f.regular, 34)
	budget := contentEnd - contentTop
	for _, b := range head {
		budget -= b.height()
	}
	titleLines, messageLines := 2, 3
	for {
		t := block{face: titleFace, color: fg, lines: wrap(titleFace, title, width, titleLines), lead: 64, gap: 44}
		m := block{face: messageFace, color: fgSoft, lines: wrap(messageFace, message, width, messageLines), lead: 46, gap: 42}
		switch {
		case t.height()+m.height() <= budget:
			return append(head, t, m)
		case messageLines > 1:
			messageLines--
		case titleLines > 1:
			titleLines--
		default:
			if t.height() <= budget {
				return append(head, t)
			}
			return head
		}
	}
}
