package quietlog

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the report's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) lines() []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.b.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

func TestQuiet(t *testing.T) {
	var buf syncBuffer
	l := New(slog.New(slog.NewJSONHandler(&buf, nil)), 10)
	for range 100 {
		l.Printf("http: Accept error: too many open files; retrying in 5ms")
	}
	if n := len(buf.lines()); n != 10 {
		t.Fatalf("%d lines logged at once, want 10", n)
	}
	time.Sleep(1200 * time.Millisecond)
	lines := buf.lines()
	if len(lines) != 11 {
		t.Fatalf("%d lines logged, want 10 and a report", len(lines))
	}
	if m := lines[0]; m["msg"] != "http: Accept error: too many open files; retrying in 5ms" || m["level"] != "WARN" {
		t.Errorf("first line %v", m)
	}
	if m := lines[10]; m["msg"] != "similar lines suppressed" || m["lines"] != float64(90) {
		t.Errorf("report %v, want 90 lines suppressed", m)
	}
	// A new second: lines pass again.
	l.Printf("again")
	if lines := buf.lines(); len(lines) != 12 || lines[11]["msg"] != "again" {
		t.Errorf("a line in a new second was not logged")
	}
}
