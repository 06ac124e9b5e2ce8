package content

import "testing"

// BenchmarkLoad measures loading the built-in corpus: parse, validate,
// render and cross-link every article.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(FS); err != nil {
			b.Fatal(err)
		}
	}
}
