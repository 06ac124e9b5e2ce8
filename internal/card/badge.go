package card

import (
	"encoding/xml"
	"fmt"
	"math"
	"strings"

	"golang.org/x/image/font"
)

// The badge's geometry, in the flat style shields.io made common.
const (
	badgeHeight   = 20
	badgeFontSize = 11
	badgePad      = 6 // either side of each text
	badgeRadius   = 3
	badgeLabelBG  = "#555"
	badgeValueBG  = "#2456d6" // the site's accent; white on it is 6.1:1
)

// Badge returns an SVG badge (image/svg+xml; charset=utf-8) in two parts,
// label on grey and value on the site's blue: "WSAECONNRESET | 10054". It
// is 20 px high and as wide as its text measured in Go Regular at 11 px.
// With an empty label or value it has one part (with both empty, none, and
// no width). Whitespace runs in either text become one space.
//
// The badge names itself to assistive technology (role="img", an
// aria-label and a <title> of label and value), escapes its text, and holds
// no scripts, links, external references or element ids, so that it is
// safe both as an <img> and pasted inline, any number of times, into a page.
func Badge(label, value string) []byte {
	label = strings.Join(strings.Fields(label), " ")
	value = strings.Join(strings.Fields(value), " ")
	face := newFace(goFonts().regular, badgeFontSize)
	measure := func(s string) float64 {
		return math.Ceil(float64(font.MeasureString(face, s)) / 64)
	}

	type part struct {
		text, fill  string
		x, w, textW float64
	}
	var parts []part
	x := 0.0
	for _, p := range []part{{text: label, fill: badgeLabelBG}, {text: value, fill: badgeValueBG}} {
		if p.text == "" {
			continue
		}
		p.textW = measure(p.text)
		p.x, p.w = x, p.textW+2*badgePad
		x += p.w
		parts = append(parts, p)
	}
	width := x
	name := strings.TrimSpace(label + " " + value)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%d" viewBox="0 0 %g %d" role="img" aria-label="%s">`,
		width, badgeHeight, width, badgeHeight, escape(name))
	fmt.Fprintf(&b, `<title>%s</title>`, escape(name))
	for i, p := range parts {
		// Round only the badge's outer corners: a path per part rather
		// than a clipPath, which would need an id unique in the page.
		left, right := 0.0, 0.0
		if i == 0 {
			left = badgeRadius
		}
		if i == len(parts)-1 {
			right = badgeRadius
		}
		fmt.Fprintf(&b, `<path fill="%s" d="%s"/>`, p.fill, partPath(p.x, p.w, left, right))
	}
	b.WriteString(`<g fill="#fff" text-anchor="middle" font-family="Helvetica,Arial,'Liberation Sans',sans-serif" font-size="11">`)
	for _, p := range parts {
		cx := p.x + p.w/2
		t := escape(p.text)
		// A shadow a pixel below, as in the flat style, then the text.
		fmt.Fprintf(&b, `<text x="%g" y="15" fill="#010101" fill-opacity=".3" textLength="%g" lengthAdjust="spacingAndGlyphs" aria-hidden="true">%s</text>`, cx, p.textW, t)
		fmt.Fprintf(&b, `<text x="%g" y="14" textLength="%g" lengthAdjust="spacingAndGlyphs">%s</text>`, cx, p.textW, t)
	}
	b.WriteString(`</g></svg>`)
	return []byte(b.String())
}

// partPath is a w×20 rectangle at x whose left and right corners are
// rounded by the given radii (0 for square).
func partPath(x, w, left, right float64) string {
	h := float64(badgeHeight)
	var b strings.Builder
	fmt.Fprintf(&b, "M%g 0h%g", x+left, w-left-right)
	if right > 0 {
		fmt.Fprintf(&b, "a%g %g 0 0 1 %g %g", right, right, right, right)
	}
	fmt.Fprintf(&b, "v%g", h-2*right)
	if right > 0 {
		fmt.Fprintf(&b, "a%g %g 0 0 1 %g %g", right, right, -right, right)
	}
	fmt.Fprintf(&b, "h%g", -(w - left - right))
	if left > 0 {
		fmt.Fprintf(&b, "a%g %g 0 0 1 %g %g", left, left, -left, -left)
	}
	fmt.Fprintf(&b, "v%g", -(h - 2*left))
	if left > 0 {
		fmt.Fprintf(&b, "a%g %g 0 0 1 %g %g", left, left, left, -left)
	}
	b.WriteString("z")
	return b.String()
}

// escape makes s safe as XML text and as a double- or single-quoted
// attribute value; characters XML forbids become U+FFFD.
func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to memory: cannot fail
	return b.String()
}
