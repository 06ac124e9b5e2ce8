package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

const (
	// settle is how long the content folder must be quiet before a
	// reload, so an editor's save (often several events) or a git
	// checkout reloads once.
	settle = 250 * time.Millisecond
	// maxSettle is the longest changes can put a reload off: a file that
	// something rewrites every 100 ms never lets the folder be quiet for
	// settle, and must not hold back an edit to another.
	maxSettle = 2 * time.Second
	// pollFolder is how often the folder itself is looked at. fsnotify
	// loses its watches when the folder is deleted, and cannot see it come
	// back, or another be mounted in its place.
	pollFolder = time.Second
)

// A folderWatcher watches a content folder and its errors/ and kb/.
type folderWatcher struct {
	dir  string
	dirs []string // dir and its folders of articles
	log  *slog.Logger
	w    *fsnotify.Watcher // nil when the folder cannot be watched
	seen folderLook
}

// watchFolder starts watching dir. It is called before the content is
// first loaded, so that nothing done to the folder from then on goes
// unseen; run reloads on what happened meanwhile.
func watchFolder(dir string, log *slog.Logger) *folderWatcher {
	fw := &folderWatcher{dir: dir, dirs: []string{dir, filepath.Join(dir, "errors"), filepath.Join(dir, "kb")}, log: log}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		log.Error("cannot watch the content folder; changes will not be picked up", "dir", dir, "err", err)
		return fw
	}
	fw.w = w
	fw.add()
	fw.seen = lookAt(dir)
	return fw
}

// close stops watching, for when run is never called.
func (fw *folderWatcher) close() {
	if fw.w != nil {
		fw.w.Close()
	}
}

// add watches dir and the folders of articles in it that are there.
func (fw *folderWatcher) add() {
	for _, d := range fw.dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			if err := fw.w.Add(d); err != nil {
				fw.log.Warn("cannot watch", "dir", d, "err", err)
			}
		}
	}
}

// unwatched reports whether a folder that is there is not watched: fsnotify
// drops a watch when its folder is deleted, moved or unmounted, and a new
// folder of the same name (even one with the same inode) is not watched
// until it is added.
func (fw *folderWatcher) unwatched() bool {
	watched := fw.w.WatchList()
	for _, d := range fw.dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() && !slices.Contains(watched, d) {
			return true
		}
	}
	return false
}

// run calls reload after every change under the folder, until ctx is
// done: once the changes pause for settle, or maxSettle after the first of
// them. When the folder goes, comes back or is replaced, it watches it
// afresh and reloads.
func (fw *folderWatcher) run(ctx context.Context, reload func()) {
	if fw.w == nil {
		return
	}
	defer fw.w.Close()
	fw.log.Info("watching the content folder", "dir", fw.dir)
	poll := time.NewTicker(pollFolder)
	defer poll.Stop()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var first time.Time // the first change not reloaded yet; zero when none
	changed := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		timer.Reset(min(settle, maxSettle-now.Sub(first)))
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-fw.w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				fw.add() // errors/ or kb/ may have just been created
			}
			changed()
		case err, ok := <-fw.w.Errors:
			if !ok {
				return
			}
			fw.log.Warn("watching the content folder", "err", err)
		case <-poll.C:
			if now := lookAt(fw.dir); !now.same(fw.seen) || fw.unwatched() {
				fw.seen = now
				fw.add()
				changed()
			}
		case <-timer.C:
			first = time.Time{}
			reload()
		}
	}
}

// folderLook is what the poll sees of the content folder.
type folderLook struct {
	st         os.FileInfo // nil when it cannot be seen
	errors, kb bool        // it has errors/, kb/
}

func lookAt(dir string) folderLook {
	st, err := os.Stat(dir)
	if err != nil {
		return folderLook{}
	}
	isDir := func(name string) bool {
		st, err := os.Stat(filepath.Join(dir, name))
		return err == nil && st.IsDir()
	}
	return folderLook{st: st, errors: isDir("errors"), kb: isDir("kb")}
}

// same reports whether two looks saw the same folder (as far as its
// device and inode tell: a new folder may reuse the inode of one just
// deleted), with the same permissions and subfolders.
func (a folderLook) same(b folderLook) bool {
	if a.st == nil || b.st == nil {
		return a.st == nil && b.st == nil
	}
	return os.SameFile(a.st, b.st) && a.st.Mode() == b.st.Mode() && a.errors == b.errors && a.kb == b.kb
}
