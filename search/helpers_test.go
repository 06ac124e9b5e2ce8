package search

import (
	"sync"
	"testing"

	"github.com/sockerr/sockerr/content"
)

var (
	testOnce  sync.Once
	testIndex *Index
	testErr   error
)

// index returns an index of the real embedded corpus, built once.
func index(tb testing.TB) *Index {
	tb.Helper()
	testOnce.Do(func() {
		var c *content.Corpus
		if c, testErr = content.Load(content.FS); testErr == nil {
			testIndex, testErr = New(c)
		}
	})
	if testErr != nil {
		tb.Fatal(testErr)
	}
	return testIndex
}
