package search

import (
	"slices"
	"testing"
)

// TestRecognizeBytes checks that a text in bytes is recognised as the same
// text in a string is.
func TestRecognizeBytes(t *testing.T) {
	x := index(t)
	texts := append([]string{
		"2024-05-01 10:00:00 pid 6 took 8ms; error 6",
		"ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host",
		"send failed: 0x80072746, then SocketError.connectionreset",
	}, fuzzSeeds...)
	for _, s := range texts {
		want := x.Recognize(s)
		if got := x.RecognizeBytes([]byte(s)); !slices.Equal(got, want) {
			t.Errorf("RecognizeBytes(%q) = %v, want %v (as Recognize)", s, got, want)
		}
	}
}
