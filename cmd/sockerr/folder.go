package main

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/web"
)

// contentFolder keeps a server's site in step with a content folder laid
// over the built-in corpus. When the folder cannot be read — deleted,
// unmounted, its permissions gone — the last good site keeps serving and
// the server is told, so /readyz says so; the next load that can read the
// folder ends it. Its methods are called from one goroutine at a time:
// serve's, then the watcher's.
type contentFolder struct {
	dir string
	srv *web.Server
	log *slog.Logger

	gone    time.Time // since when the folder cannot be read; zero while it can
	hadSubs bool      // the folder had errors/ or kb/ at the last good load
}

// errNoSubfolders says a folder that had articles has neither errors/ nor
// kb/ any more: what an unmounted volume leaves behind. Loading it would
// replace the folder's articles with the built-in ones.
var errNoSubfolders = errors.New("it has neither errors/ nor kb/ any more (unmounted?)")

// open opens the folder, checks it can be listed, and returns it with the
// corpus it makes: the folder laid over the built-in corpus, as check does.
func (f *contentFolder) open() (*os.Root, fs.FS, error) {
	root, err := openFolder(f.dir)
	if err != nil {
		return nil, nil, err
	}
	entries, err := fs.ReadDir(root.FS(), ".")
	if err == nil && f.hadSubs && !hasSubfolders(entries) {
		err = errNoSubfolders
	}
	if err != nil {
		root.Close()
		return nil, nil, err
	}
	return root, content.Overlay(root.FS(), content.FS), nil
}

func hasSubfolders(entries []fs.DirEntry) bool {
	for _, e := range entries {
		if e.Name() == "errors" || e.Name() == "kb" {
			return true
		}
	}
	return false
}

// load loads the folder into the server at start-up; any error is fatal
// there, and logged here.
func (f *contentFolder) load() error {
	root, fsys, err := f.open()
	if err != nil {
		f.log.Error("content folder", "dir", f.dir, "err", err)
		return err
	}
	defer root.Close()
	if err := f.srv.Load(fsys); err != nil {
		logProblems(f.log, "the content failed to load", fsys, f.dir, err)
		return err
	}
	f.loaded(root)
	return nil
}

// reload loads the folder again after a change. On failure the last good
// site keeps serving and the log says why: every problem, or that the
// folder cannot be read.
func (f *contentFolder) reload() {
	start := time.Now()
	root, fsys, err := f.open()
	if err != nil {
		if f.gone.IsZero() {
			f.gone = start
			f.log.Warn("the content folder is unavailable; still serving the last good content", "dir", f.dir, "err", err)
		}
		f.srv.ContentUnavailable(f.gone, err)
		return
	}
	defer root.Close()
	if !f.gone.IsZero() {
		f.log.Info("the content folder is back", "dir", f.dir, "unavailable for", start.Sub(f.gone).Round(time.Millisecond))
		f.gone = time.Time{}
	}
	if err := f.srv.Load(fsys); err != nil {
		logProblems(f.log, "reload failed; still serving the last good content", fsys, f.dir, err)
		return
	}
	f.loaded(root)
	f.log.Info("content reloaded", "dir", f.dir, "duration", time.Since(start).Round(time.Millisecond))
}

// loaded notes what the folder held at a good load.
func (f *contentFolder) loaded(root *os.Root) {
	entries, err := fs.ReadDir(root.FS(), ".")
	f.hadSubs = err == nil && hasSubfolders(entries)
}
