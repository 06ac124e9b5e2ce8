package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long the content folder must be quiet before a reload, so
// an editor's save (often several events) or a git checkout reloads once.
const settle = 250 * time.Millisecond

// watch calls reload after every change under dir and its errors/ and kb/
// folders, until ctx is done.
func watch(ctx context.Context, dir string, log *slog.Logger, reload func()) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		log.Error("cannot watch the content folder; changes will not be picked up", "dir", dir, "err", err)
		return
	}
	defer w.Close()
	add := func() {
		for _, d := range []string{dir, filepath.Join(dir, "errors"), filepath.Join(dir, "kb")} {
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				if err := w.Add(d); err != nil {
					log.Warn("cannot watch", "dir", d, "err", err)
				}
			}
		}
	}
	add()
	log.Info("watching the content folder", "dir", dir)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				add() // errors/ or kb/ may have just been created
			}
			timer.Reset(settle)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			log.Warn("watching the content folder", "err", err)
		case <-timer.C:
			reload()
		}
	}
}
