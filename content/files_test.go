package content

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadWithin runs Load and fails the test when it does not return within
// d: a loader that opens a named pipe would wait for a writer for ever.
func loadWithin(t *testing.T, fsys fs.FS, d time.Duration) (*Corpus, error) {
	t.Helper()
	type result struct {
		c   *Corpus
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := Load(fsys)
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		return r.c, r.err
	case <-time.After(d):
		t.Fatalf("Load did not return within %v", d)
		return nil, nil
	}
}

// TestLoadSpecialFiles puts one file that is not an ordinary article file
// in a content folder and checks Load reports it, with its path, without
// reading it: no blocking on a named pipe, no endless read of a device,
// nothing read past the size limit, no symbolic link followed out of the
// folder when the folder is opened as an os.Root (as sockerr does).
func TestLoadSpecialFiles(t *testing.T) {
	// An article that names no other, so it loads alone.
	article, err := os.ReadFile("testdata/good/errors/WSAECONNABORTED.md")
	if err != nil {
		t.Fatal(err)
	}
	const name = "errors/WSAECONNABORTED.md" // the file each case makes
	root := func(t *testing.T, dir string) fs.FS {
		r, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r.FS()
	}
	dirFS := func(_ *testing.T, dir string) fs.FS { return os.DirFS(dir) }
	for _, tc := range []struct {
		name string
		make func(t *testing.T, dir, file string) // creates file (under dir)
		fsys func(t *testing.T, dir string) fs.FS
		want string // in the problem; "" when the file loads
	}{
		{"named pipe", func(t *testing.T, _, file string) {
			if err := syscall.Mkfifo(file, 0o644); err != nil {
				t.Fatal(err)
			}
		}, root, "not a regular file but a named pipe"},
		{"link to the zero device, through os.DirFS", symlink("/dev/zero"), dirFS, "not a regular file but a character device"},
		{"link to the zero device, through os.Root", symlink("/dev/zero"), root, "symbolic link not followed (path escapes from parent)"},
		{"device in the folder", func(t *testing.T, _, file string) {
			// /dev/null's numbers: 1, 3.
			if err := syscall.Mknod(file, syscall.S_IFCHR|0o644, 1<<8|3); err != nil {
				t.Skipf("cannot make a device here: %v", err)
			}
		}, root, "not a regular file but a character device"},
		{"folder", func(t *testing.T, _, file string) {
			if err := os.Mkdir(file, 0o755); err != nil {
				t.Fatal(err)
			}
		}, root, "not a regular file but a directory"},
		{"link out of the folder", func(t *testing.T, dir, file string) {
			outside := filepath.Join(filepath.Dir(dir), "outside.md")
			if err := os.WriteFile(outside, article, 0o644); err != nil {
				t.Fatal(err)
			}
			symlink("../../outside.md")(t, dir, file)
		}, root, "symbolic link not followed (path escapes from parent)"},
		{"absolute link into the folder", func(t *testing.T, dir, file string) {
			if err := os.WriteFile(filepath.Join(dir, "article.txt"), article, 0o644); err != nil {
				t.Fatal(err)
			}
			symlink(filepath.Join(dir, "article.txt"))(t, dir, file)
		}, root, "a link must be relative"},
		{"broken link", symlink("nowhere.md"), root, "symbolic link not followed (no such file or directory)"},
		{"relative link inside the folder", func(t *testing.T, dir, file string) {
			if err := os.WriteFile(filepath.Join(dir, "article.txt"), article, 0o644); err != nil {
				t.Fatal(err)
			}
			symlink("../article.txt")(t, dir, file)
		}, root, ""},
		{"sparse file of 64 MiB", func(t *testing.T, _, file string) {
			if err := os.WriteFile(file, article, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(file, 64<<20); err != nil {
				t.Fatal(err)
			}
		}, root, "file is 67108864 bytes, more than the limit of"},
		{"file whose size says 0 but is long (kallsyms)", func(t *testing.T, dir, file string) {
			f, err := os.Open("/proc/kallsyms")
			if err != nil {
				t.Skipf("no /proc/kallsyms: %v", err)
			}
			n, _ := io.Copy(io.Discard, io.LimitReader(f, maxArticleSize+1))
			f.Close()
			if n <= maxArticleSize {
				t.Skip("/proc/kallsyms is shorter than the limit here")
			}
			symlink("/proc/kallsyms")(t, dir, file)
		}, dirFS, "file is more than the limit of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "errors"), 0o755); err != nil {
				t.Fatal(err)
			}
			tc.make(t, dir, filepath.Join(dir, filepath.FromSlash(name)))
			fsys := tc.fsys(t, dir)

			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			c, err := loadWithin(t, fsys, 5*time.Second)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("Load allocated %d MiB: it read more than the limit", alloc>>20)
			}
			if tc.want == "" {
				if err != nil || c.Article("WSAECONNABORTED") == nil {
					t.Fatalf("Load = %v, want WSAECONNABORTED loaded", err)
				}
				return
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Load error = %v, want a problem saying %q", err, tc.want)
			}
			if len(ps) != 1 || ps[0].Path != name || !strings.Contains(ps[0].Message, tc.want) {
				t.Errorf("Load problems:\n%v\nwant one, for %s, saying %q", err, name, tc.want)
			}
		})
	}
}

func symlink(target string) func(t *testing.T, dir, file string) {
	return func(t *testing.T, _, file string) {
		if err := os.Symlink(target, file); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOverlayBrokenLink checks a file of the top layer that cannot be read
// is reported, not replaced by the built-in file of the same name.
func TestOverlayBrokenLink(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "errors"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "errors", "WSAEINTR.md")); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = loadWithin(t, Overlay(r.FS(), FS), 20*time.Second)
	if err == nil || !strings.Contains(err.Error(), "errors/WSAEINTR.md: symbolic link not followed") {
		t.Errorf("Load(link to /etc/passwd over the built-in WSAEINTR) = %v, want the link reported", err)
	}
}

// TestLoadFolderNotReadable checks a folder of articles that cannot be
// listed is a problem, not taken for an empty one (fs.Glob's way), which
// would replace the folder's articles with the built-in ones.
func TestLoadFolderNotReadable(t *testing.T) {
	dir := t.TempDir()
	// A file where the folder should be: listing it fails, as it does for
	// a folder whose permissions are gone (which root, running the tests
	// here, would read anyway).
	if err := os.WriteFile(filepath.Join(dir, "errors"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = loadWithin(t, Overlay(r.FS(), FS), 20*time.Second)
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Path != "errors" || !strings.HasPrefix(ps[0].Message, "cannot read the folder: ") {
		t.Errorf("Load(a file named errors over the built-in corpus) = %v, want one problem: errors: cannot read the folder: ...", err)
	}
}
