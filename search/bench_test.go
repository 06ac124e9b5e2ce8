package search

import (
	"testing"

	"github.com/sockerr/sockerr/content"
)

// BenchmarkSearch measures one query end to end (resolution, full text,
// snippets), cycling through the queries of testdata/queries.tsv.
func BenchmarkSearch(b *testing.B) {
	x := index(b)
	cases := readQueries(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Search(cases[i%len(cases)].query, DefaultLimit); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew measures building the index of the whole corpus.
func BenchmarkNew(b *testing.B) {
	c, err := content.Load(content.FS)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x, err := New(c)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}
