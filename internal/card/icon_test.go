package card

import (
	"encoding/binary"
	"image"
	"image/color"
	"net/http"
	"testing"
)

func TestIcons(t *testing.T) {
	for _, tt := range []struct {
		name    string
		render  func(int) []byte
		corners uint32 // alpha at the corners
	}{
		{"IconPNG", IconPNG, 0},
		{"TouchIconPNG", TouchIconPNG, 0xffff},
	} {
		for _, size := range []int{16, 32, 180, 192, 512} {
			b := tt.render(size)
			if ct := http.DetectContentType(b); ct != "image/png" {
				t.Errorf("%s(%d): content type %q", tt.name, size, ct)
			}
			img := decode(t, b)
			if got := img.Bounds(); got != image.Rect(0, 0, size, size) {
				t.Errorf("%s(%d): bounds %v", tt.name, size, got)
				continue
			}
			if _, _, _, a := img.At(0, 0).RGBA(); a != tt.corners {
				t.Errorf("%s(%d): corner alpha %#x, want %#x", tt.name, size, a, tt.corners)
			}
			// The bolt is white where its two halves overlap, the
			// square blue a little in from the left edge's middle.
			if c := color.RGBAModel.Convert(img.At(size/2, size/2)); c != color.RGBAModel.Convert(bg) {
				t.Errorf("%s(%d): centre %v, want the bolt's white", tt.name, size, c)
			}
			if c := color.RGBAModel.Convert(img.At(size/8, size/2)); c != color.RGBAModel.Convert(accent) {
				t.Errorf("%s(%d): left middle %v, want the accent", tt.name, size, c)
			}
		}
	}
}

func TestIconSizePanics(t *testing.T) {
	for _, size := range []int{-1, 0, 15, 1025} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("IconPNG(%d) did not panic", size)
				}
			}()
			IconPNG(size)
		}()
	}
}

func TestFaviconICO(t *testing.T) {
	b := FaviconICO()
	le := binary.LittleEndian
	if len(b) < 22 {
		t.Fatalf("%d bytes, shorter than the ICO header and one entry", len(b))
	}
	if ct := http.DetectContentType(b); ct != "image/x-icon" {
		t.Errorf("content type %q, want image/x-icon", ct)
	}
	if r, typ, n := le.Uint16(b[0:]), le.Uint16(b[2:]), le.Uint16(b[4:]); r != 0 || typ != 1 || n != 1 {
		t.Fatalf("ICONDIR = %d, %d, %d, want 0, 1 (icon), 1 image", r, typ, n)
	}
	e := b[6:22]
	w, h, colors, reserved := e[0], e[1], e[2], e[3]
	planes, bpp := le.Uint16(e[4:]), le.Uint16(e[6:])
	size, offset := le.Uint32(e[8:]), le.Uint32(e[12:])
	if w != 32 || h != 32 || colors != 0 || reserved != 0 || planes != 1 || bpp != 32 {
		t.Errorf("entry %d×%d, %d colours, reserved %d, %d planes, %d bpp; want 32×32, 0, 0, 1, 32", w, h, colors, reserved, planes, bpp)
	}
	if offset != 22 || int(offset)+int(size) != len(b) {
		t.Fatalf("entry at %d, %d bytes, in a file of %d; want at 22 to the end", offset, size, len(b))
	}
	img := decode(t, b[offset:offset+size])
	if img.Bounds() != image.Rect(0, 0, 32, 32) {
		t.Errorf("PNG entry is %v, want 32×32", img.Bounds())
	}
}

func BenchmarkIconPNG(b *testing.B) {
	for b.Loop() {
		IconPNG(512)
	}
}

func BenchmarkFaviconICO(b *testing.B) {
	for b.Loop() {
		FaviconICO()
	}
}
