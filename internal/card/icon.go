package card

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"golang.org/x/image/vector"
)

// The site's palette, from static/style.css (light scheme).
var (
	accent = color.RGBA{0x24, 0x56, 0xd6, 0xff} // --accent, the mark's square
	fg     = color.RGBA{0x1b, 0x1f, 0x27, 0xff} // --fg
	fgSoft = color.RGBA{0x4a, 0x52, 0x61, 0xff} // --fg-soft
	muted  = color.RGBA{0x68, 0x71, 0x82, 0xff} // --muted
	bg     = color.RGBA{0xff, 0xff, 0xff, 0xff} // --bg
)

// The mark is static/favicon.svg: a blue square with corners rounded 7/32 of
// its side and a white lightning bolt, on a 32-unit grid:
//
//	<rect width="32" height="32" rx="7" fill="#2456d6"/>
//	<path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#fff"/>
const (
	markGrid   = 32
	markRadius = 7
)

var bolt = [][2]float32{{18, 4}, {8, 18}, {15, 18}, {13, 28}, {24, 13}, {17, 13}}

// drawMark draws the mark into the square r of dst. With rounded false the
// square fills r to its corners, for platforms that cut their own shape.
func drawMark(dst draw.Image, r image.Rectangle, rounded bool) {
	s := float32(r.Dx())
	k := s / markGrid
	z := vector.NewRasterizer(r.Dx(), r.Dy())
	if rounded {
		roundedRect(z, s, s, markRadius*k)
	} else {
		roundedRect(z, s, s, 0)
	}
	z.Draw(dst, r, image.NewUniform(accent), image.Point{})

	z.Reset(r.Dx(), r.Dy())
	z.MoveTo(bolt[0][0]*k, bolt[0][1]*k)
	for _, p := range bolt[1:] {
		z.LineTo(p[0]*k, p[1]*k)
	}
	z.ClosePath()
	z.Draw(dst, r, image.NewUniform(bg), image.Point{})
}

// roundedRect adds a w×h rectangle at the origin with corners of radius
// rad to z's path, each corner a cubic Bézier quarter circle.
func roundedRect(z *vector.Rasterizer, w, h, rad float32) {
	const kappa = 0.5523 // control-point distance for a quarter circle
	c := rad * kappa
	z.MoveTo(rad, 0)
	z.LineTo(w-rad, 0)
	z.CubeTo(w-rad+c, 0, w, rad-c, w, rad)
	z.LineTo(w, h-rad)
	z.CubeTo(w, h-rad+c, w-rad+c, h, w-rad, h)
	z.LineTo(rad, h)
	z.CubeTo(rad-c, h, 0, h-rad+c, 0, h-rad)
	z.LineTo(0, rad)
	z.CubeTo(0, rad-c, rad-c, 0, rad, 0)
	z.ClosePath()
}

// Icon sizes outside this range are a programming error.
const (
	minIcon = 16
	maxIcon = 1024
)

func icon(size int, rounded bool) []byte {
	if size < minIcon || size > maxIcon {
		panic(fmt.Sprintf("card: icon size %d outside [%d, %d]", size, minIcon, maxIcon))
	}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	drawMark(img, img.Bounds(), rounded)
	b, err := encodePNG(img, png.BestCompression) // small, drawn once and cached
	if err != nil {
		panic("card: " + err.Error()) // png fails only on an empty or huge image
	}
	return b
}

// IconPNG returns the site's mark as a size×size PNG (image/png) with
// rounded corners on a transparent background, as static/favicon.svg
// draws it: for <link rel="icon" sizes="32x32"> and the web app manifest's
// "any" icons (192, 512). It panics for a size outside [16, 1024].
func IconPNG(size int) []byte { return icon(size, true) }

// TouchIconPNG returns the mark as an opaque, full-bleed size×size PNG
// (image/png): a square with no rounded corners, since the platform cuts
// its own shape and fills transparency with black. The bolt lies within
// the central circle of 40% radius that a maskable icon must keep, so the
// same picture serves for apple-touch-icon (180) and the manifest's
// "maskable" icons (192, 512). It panics for a size outside [16, 1024].
func TouchIconPNG(size int) []byte { return icon(size, false) }

// FaviconICO returns /favicon.ico (image/x-icon): an ICO container with one
// 32×32 entry holding IconPNG(32). ICO files may hold PNG entries since
// Windows Vista, and every browser reads them.
func FaviconICO() []byte {
	const size = 32
	img := IconPNG(size)
	const headerLen, entryLen = 6, 16
	b := make([]byte, 0, headerLen+entryLen+len(img))
	// ICONDIR: reserved, type 1 (icon), one image.
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 1)
	// ICONDIRENTRY: width and height (0 would mean 256), no palette,
	// reserved, one colour plane, 32 bits a pixel, the data's length and
	// its offset from the start of the file.
	b = append(b, size, size, 0, 0)
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 32)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(img)))
	b = binary.LittleEndian.AppendUint32(b, headerLen+entryLen)
	return append(b, img...)
}

func encodePNG(img image.Image, level png.CompressionLevel) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: level}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
