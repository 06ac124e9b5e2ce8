package main

import (
	"bufio"
	"bytes"
	"io"
	"sync"
	"time"
)

// logWriter buffers log lines so the access log costs a memory copy per
// request, not a system call: it flushes every flushEvery, when its buffer
// fills, at once for warnings and errors, and on Close.
type logWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

const flushEvery = 100 * time.Millisecond

func newLogWriter(w io.Writer) *logWriter {
	lw := &logWriter{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(lw.done)
		t := time.NewTicker(flushEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				lw.flush()
			case <-lw.stop:
				lw.flush()
				return
			}
		}
	}()
	return lw
}

func (lw *logWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	n, err := lw.buf.Write(p)
	if err == nil && urgent(p) {
		err = lw.buf.Flush()
	}
	return n, err
}

// urgent reports whether a log line is a warning or an error (JSON or text
// handler), which is written out at once.
func urgent(line []byte) bool {
	return bytes.Contains(line, []byte(`"level":"ERROR"`)) || bytes.Contains(line, []byte(`"level":"WARN"`)) ||
		bytes.Contains(line, []byte("level=ERROR")) || bytes.Contains(line, []byte("level=WARN"))
}

func (lw *logWriter) flush() {
	lw.mu.Lock()
	lw.buf.Flush()
	lw.mu.Unlock()
}

// Close flushes what is buffered and stops the flusher.
func (lw *logWriter) Close() error {
	close(lw.stop)
	<-lw.done
	return nil
}
