package card

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

var previewDir = flag.String("preview.dir", "", "write the sample previews as PNG files into this folder, to look at them")

const (
	resetMessage = "An existing connection was forcibly closed by the remote host."
	longMessage  = "A message sent on a datagram socket was larger than the internal message buffer or some other network limit, or the buffer used to receive a datagram into was smaller than the datagram itself."
)

// samples are the cards the tests render: the corpus's shapes, then edge cases.
var samples = []struct {
	file string
	card Card
}{
	{"reset", Card{Kind: "Winsock error", Code: "10054", Name: "WSAECONNRESET", Title: "Connection reset by peer", Message: resetMessage}},
	{"long", Card{Kind: "Winsock error", Code: "10040", Name: "WSAEMSGSIZE", Title: "Message too long", Message: longMessage}},
	{"kb", Card{Kind: "Known issue", Code: "KB 196271", Title: "When you try to connect from TCP ports greater than 5000 you receive the error WSAENOBUFS (10055)", Message: "Windows runs out of ephemeral ports: by default it hands out only 1025 to 5000, and a busy client that opens and closes many connections uses them all up while they wait in TIME_WAIT."}},
	{"nocode", Card{Kind: "POSIX error", Name: "EPIPE", Title: "Broken pipe", Message: "Writing to a socket whose other end has closed the connection."}},
	{"longname", Card{Kind: "Winsock error", Code: "10106", Name: "WSAEPROVIDERFAILEDINIT", Title: "Service provider failed to initialize", Message: "The requested service provider could not be loaded or initialized."}},
	{"everything-long", Card{
		Kind:    strings.Repeat("Very long kind ", 10),
		Code:    strings.Repeat("1234567890", 6),
		Name:    strings.Repeat("WSAE", 30),
		Title:   strings.Repeat("A title that goes on and on ", 12),
		Message: strings.Repeat(longMessage+" ", 5),
	}},
	{"oneword", Card{Code: "1", Name: "X", Title: strings.Repeat("W", 300), Message: strings.Repeat("m", 1000)}},
	{"empty", Card{}},
	{"cjk", Card{Kind: "Winsock 错误", Code: "10054", Name: "WSAECONNRESET", Title: "远程主机强迫关闭了一个现有的连接", Message: "远程主机强迫关闭了一个现有的连接。"}},
	{"mixed", Card{Kind: "Winsock error", Code: "10054", Name: "WSAECONNRESET", Title: "Connection reset 连接被重置", Message: "Ошибка 10054: удалённый хост принудительно разорвал существующее подключение. 接続がリセットされました 🔌 \u202e"}},
	{"hostile", Card{Code: "\x00\x01\xff\xfe", Name: "<script>alert(1)</script>", Title: "tab\tnew\nline\r\u2028end", Message: string([]byte{0xe2, 0x82}) + " truncated UTF-8 \U0010FFFF"}},
}

func decode(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	return img
}

func TestPreviewPNG(t *testing.T) {
	for _, s := range samples {
		t.Run(s.file, func(t *testing.T) {
			b, err := PreviewPNG(s.card)
			if err != nil {
				t.Fatalf("PreviewPNG: %v", err)
			}
			if ct := http.DetectContentType(b); ct != "image/png" {
				t.Errorf("content type %q, want image/png", ct)
			}
			img := decode(t, b)
			if got, want := img.Bounds(), image.Rect(0, 0, PreviewWidth, PreviewHeight); got != want {
				t.Errorf("bounds %v, want %v", got, want)
			}
			if len(b) > 200<<10 {
				t.Errorf("%d bytes, want under 200 KiB", len(b))
			}
			again, _ := PreviewPNG(s.card)
			if !bytes.Equal(b, again) {
				t.Error("two renders of the same card differ")
			}
			checkMargins(t, img)
			if *previewDir != "" {
				if err := os.WriteFile(filepath.Join(*previewDir, s.file+".png"), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// checkMargins fails if anything but the background is drawn in the left or
// right margin above the bottom bar. The mark starts at the left margin,
// so this is also a check that no text runs past the right one.
func checkMargins(t *testing.T, img image.Image) {
	t.Helper()
	const slack = 2 // a glyph's antialiased edge may stray this far
	white := color.RGBAModel.Convert(bg)
	for y := 0; y < PreviewHeight-barHeight; y++ {
		for _, xs := range [][2]int{{0, marginX - slack}, {PreviewWidth - marginX + slack, PreviewWidth}} {
			for x := xs[0]; x < xs[1]; x++ {
				if c := color.RGBAModel.Convert(img.At(x, y)); c != white {
					t.Fatalf("pixel (%d, %d) in the margin is %v, want the background", x, y, c)
				}
			}
		}
	}
}

// TestLayoutWidths checks by measurement that every line of every block
// fits between the margins and that blocks fit above the bar.
func TestLayoutWidths(t *testing.T) {
	for _, s := range samples {
		y := contentTop
		for _, b := range layout(s.card) {
			y += b.height()
			for _, line := range b.lines {
				if w := font.MeasureString(b.face, line); w > fixed.I(textWidth) {
					t.Errorf("%s: line %q is %d px wide, want at most %d", s.file, line, w.Ceil(), textWidth)
				}
			}
		}
		if y > contentEnd {
			t.Errorf("%s: the last baseline is at %d, want at most %d", s.file, y, contentEnd)
		}
	}
}

func TestLayoutKeepsWhatFits(t *testing.T) {
	blocks := layout(samples[0].card)
	var got []string
	for _, b := range blocks {
		got = append(got, strings.Join(b.lines, " / "))
	}
	want := []string{"10054", "WSAECONNRESET", "Connection reset by peer", resetMessage}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("layout(reset) = %q, want %q", got, want)
	}

	// A long message is cut at three lines, ending in an ellipsis.
	c := samples[0].card
	c.Message = strings.Repeat(longMessage+" ", 3)
	blocks = layout(c)
	m := blocks[len(blocks)-1].lines
	if len(m) != 3 || !strings.HasSuffix(m[2], ellipsis) {
		t.Errorf("long message laid out as %q, want 3 lines ending in %q", m, ellipsis)
	}
}

func TestWrap(t *testing.T) {
	face := newFace(goFonts().regular, 34)
	tests := []struct {
		text  string
		width int
		max   int
	}{
		{resetMessage, textWidth, 3},
		{longMessage, textWidth, 3},
		{longMessage, 300, 3},
		{longMessage, 300, 100},
		{longMessage, 40, 100}, // narrower than most words
		{strings.Repeat("x", 500), 200, 100},
		{"iiiii WWWWW iiiii WWWWW", 120, 10}, // same character count, very different widths
		{"", 100, 3},
		{"W", 5, 3}, // a single rune wider than the line
	}
	for _, tt := range tests {
		width := fixed.I(tt.width)
		lines := wrap(face, tt.text, width, tt.max)
		if len(lines) > tt.max {
			t.Errorf("wrap(%.20q, %d, %d) has %d lines, want at most %d", tt.text, tt.width, tt.max, len(lines), tt.max)
		}
		for _, l := range lines {
			// Only a single rune may overflow: there is nothing to break.
			if w := font.MeasureString(face, l); w > width && utf8.RuneCountInString(l) > 1 {
				t.Errorf("wrap(%.20q, %d, %d): line %q is %d px wide", tt.text, tt.width, tt.max, l, w.Ceil())
			}
		}
		joined := strings.ReplaceAll(strings.Join(lines, ""), " ", "")
		want := strings.ReplaceAll(tt.text, " ", "")
		if strings.HasSuffix(joined, ellipsis) {
			if !strings.HasPrefix(want, strings.TrimSuffix(joined, ellipsis)) {
				t.Errorf("wrap(%.20q, %d, %d) = %q, not a prefix of the text", tt.text, tt.width, tt.max, lines)
			}
		} else if joined != want {
			t.Errorf("wrap(%.20q, %d, %d) = %q, lost text", tt.text, tt.width, tt.max, lines)
		}
	}

	// Wrapping is by width, not by count: narrow letters fill a line that
	// as many wide ones overflow.
	narrow := wrap(face, strings.Repeat("i", 40), fixed.I(400), 10)
	wide := wrap(face, strings.Repeat("W", 40), fixed.I(400), 10)
	if len(narrow) != 1 || len(wide) < 3 {
		t.Errorf("40 i's took %d lines and 40 W's %d in 400 px, want 1 and at least 3", len(narrow), len(wide))
	}
}

func TestTruncate(t *testing.T) {
	face := newFace(goFonts().regular, 34)
	tests := []struct {
		line, room string // room: a text exactly as wide as the line may be
		want       string
	}{
		{"alpha beta gamma", "alpha beta gamma…", "alpha beta gamma…"},
		{"alpha beta gamma", "alpha beta gamm", "alpha beta…"}, // whole words, not "gam…"
		{"alpha, beta", "alpha, be", "alpha…"},                 // no comma before the ellipsis
		{"abcdefghij", "abcd…", "abcd…"},                       // one word: cut between runes
		{"W", "", "…"},
	}
	for _, tt := range tests {
		if got := truncate(face, tt.line, font.MeasureString(face, tt.room)); got != tt.want {
			t.Errorf("truncate(%q, width of %q) = %q, want %q", tt.line, tt.room, got, tt.want)
		}
	}
}

// FuzzLayout checks that no text, however hostile, panics the layout or
// sets a line wider than the margins.
func FuzzLayout(f *testing.F) {
	for _, s := range samples {
		f.Add(s.card.Code, s.card.Name, s.card.Title, s.card.Message)
	}
	f.Fuzz(func(t *testing.T, code, name, title, message string) {
		for _, b := range layout(Card{Code: code, Name: name, Title: title, Message: message}) {
			for _, line := range b.lines {
				if w := font.MeasureString(b.face, line); w > fixed.I(textWidth) && utf8.RuneCountInString(line) > 1 {
					t.Errorf("line %q is %d px wide", line, w.Ceil())
				}
			}
		}
	})
}

func TestDrawable(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"Connection reset by peer", "Connection reset by peer", true},
		{"  spaced\tout\n\nlines  ", "spaced out lines", true},
		{"Соединение сброшено", "Соединение сброшено", true},
		{"Σφάλμα σύνδεσης", "Σφάλμα σύνδεσης", true},
		{"Réinitialisée — «ça»…", "Réinitialisée — «ça»…", true},
		{"远程主机强迫关闭了一个现有的连接。", "", false},
		{"10054: 远程主机强迫关闭了一个现有的连接。", "", false},
		{"Connection reset 重置", "Connection reset", true},
		{"החיבור אופס", "", false},
		{"تمت إعادة تعيين الاتصال", "", false},
		{"a\x00b\x7fc", "abc", true},
		{"bad \xff\xfe UTF-8", "bad UTF-8", true},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := drawable(goFonts().regular, tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("drawable(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func BenchmarkPreviewPNG(b *testing.B) {
	c := samples[0].card
	var n int
	for b.Loop() {
		p, err := PreviewPNG(c)
		if err != nil {
			b.Fatal(err)
		}
		n = len(p)
	}
	b.ReportMetric(float64(n), "bytes/png")
}

// TestConcurrent renders from several goroutines at once: the fonts are
// shared, the faces are not. Run with -race to make it count.
func TestConcurrent(t *testing.T) {
	want, _ := PreviewPNG(samples[0].card)
	done := make(chan []byte)
	for range 4 {
		go func() {
			b, _ := PreviewPNG(samples[0].card)
			Badge("WSAECONNRESET", "10054")
			IconPNG(32)
			done <- b
		}()
	}
	for range 4 {
		if b := <-done; !bytes.Equal(b, want) {
			t.Error("a concurrent render differs")
		}
	}
}
