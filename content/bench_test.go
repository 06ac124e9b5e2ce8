package content

import "testing"

// BenchmarkLoad measures loading the built-in corpus: parse, validate,
// render and cross-link every article. "cold" is a process's first load;
// "reload" finds its highlighted code blocks remembered.
func BenchmarkLoad(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			highlighted.Clear()
			if _, err := Load(FS); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reload", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(FS); err != nil {
				b.Fatal(err)
			}
		}
	})
}
