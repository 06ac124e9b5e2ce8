// Package quietlog keeps a flood of events from becoming a flood of log
// lines: a connection flood can make net/http report an error per
// connection, and a log that grows as fast as an attack costs more than
// the attack.
package quietlog

import (
	"log"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// New returns a logger, for http.Server.ErrorLog and the like, that
// passes at most perSecond lines a second to l as warnings and counts the
// rest; a second after the first line it leaves out, it logs how many it
// left out.
func New(l *slog.Logger, perSecond int) *log.Logger {
	return log.New(&writer{log: l, perSecond: perSecond}, "", 0)
}

type writer struct {
	log       *slog.Logger
	perSecond int

	mu      sync.Mutex
	second  time.Time // when the current second began
	lines   int       // lines in the current second
	dropped int       // lines left out since the last report
}

func (w *writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	now := time.Now()
	if now.Sub(w.second) >= time.Second {
		w.second, w.lines = now, 0
	}
	w.lines++
	pass := w.lines <= w.perSecond
	if !pass {
		if w.dropped == 0 {
			time.AfterFunc(time.Second, w.report)
		}
		w.dropped++
	}
	w.mu.Unlock()
	if pass {
		w.log.Warn(strings.TrimSuffix(string(p), "\n"))
	}
	return len(p), nil
}

func (w *writer) report() {
	w.mu.Lock()
	n := w.dropped
	w.dropped = 0
	w.mu.Unlock()
	w.log.Warn("similar lines suppressed", "lines", n, "limit_per_second", w.perSecond)
}
