package search

import (
	"sync"
	"testing"
	"time"

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
		// Other writers may be saving an article right now: a corpus that
		// does not load is retried for a little while.
		for try := 0; ; try++ {
			c, testErr = content.Load(content.FS)
			if testErr == nil || try == 2 {
				break
			}
			time.Sleep(time.Second)
		}
		if testErr != nil {
			return
		}
		testIndex, testErr = New(c)
	})
	if testErr != nil {
		tb.Fatal(testErr)
	}
	return testIndex
}
