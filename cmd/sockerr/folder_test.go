package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// runCmdWithin runs a command as runCmd does, and fails the test when it
// does not return within d (a loader that opens a named pipe would wait
// for a writer for ever).
func runCmdWithin(t *testing.T, d time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
		done <- result{code, out.String(), errb.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(d):
		t.Fatalf("%q did not finish within %v", args, d)
		return 0, "", ""
	}
}

// billionLaughs returns an article whose front matter is about size bytes
// of YAML anchors and aliases, each level a hundred aliases of the one
// before: decoded, it would be 100^levels strings. Its first anchor is on
// line 8.
func billionLaughs(size int) string {
	var b strings.Builder
	b.WriteString("---\nid: WSAEINTR\nkind: error\ncode: 10004\ntitle: t\nmessage: m\nsummary: s\nl0: &l0 lol\n")
	for i := 1; b.Len() < size; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 100), ", "))
	}
	b.WriteString("---\nBody.\n")
	return b.String()
}

// dumpOnFailure logs every record, when the test failed.
func (lw *logWatcher) dumpOnFailure(t *testing.T) {
	if !t.Failed() {
		return
	}
	lw.mu.Lock()
	defer lw.mu.Unlock()
	for _, l := range lw.lines {
		t.Log(l)
	}
}

// specialFiles are the files a content folder must not trip the loader
// with: each is put at errors/WSAEINTR.md, over the built-in article.
var specialFiles = []struct {
	name string
	make func(t *testing.T, file string)
	want string // in the problem logged or printed for the file
}{
	{"named pipe", func(t *testing.T, file string) {
		if err := syscall.Mkfifo(file, 0o644); err != nil {
			t.Fatal(err)
		}
	}, ": not a regular file but a named pipe (FIFO): skipped"},
	{"link to the zero device", func(t *testing.T, file string) {
		if err := os.Symlink("/dev/zero", file); err != nil {
			t.Fatal(err)
		}
	}, ": symbolic link not followed (path escapes from parent)"},
	{"link out of the folder", func(t *testing.T, file string) {
		if err := os.Symlink("../../../../../../../../../etc/passwd", file); err != nil {
			t.Fatal(err)
		}
	}, ": symbolic link not followed (path escapes from parent)"},
	{"sparse file of 1 GiB", func(t *testing.T, file string) {
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(file, 1<<30); err != nil {
			t.Fatal(err)
		}
	}, ": file is 1073741824 bytes, more than the limit of"},
	{"quotes nested 60,000 deep", func(t *testing.T, file string) {
		writeFile(t, file, "---\nid: WSAEINTR\nkind: error\ncode: 10004\ntitle: t\nmessage: m\nsummary: s\n---\n"+strings.Repeat("> ", 60000)+"x\n")
	}, ":9: block quotes and lists nested 60000 deep: at most 16"},
	{"100 KB of YAML aliases (a billion laughs)", func(t *testing.T, file string) {
		writeFile(t, file, billionLaughs(100<<10))
	}, ":8: YAML anchors and aliases (&name, *name) are not allowed in front matter"},
}

// TestCheckSpecialFiles runs check on a folder holding each of
// specialFiles, and checks it prints the problem with the file's path,
// quickly and without reading more than the size limit.
func TestCheckSpecialFiles(t *testing.T) {
	for _, tc := range specialFiles {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "errors", "WSAEINTR.md")
			if err := os.Mkdir(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			tc.make(t, file)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			code, out, _ := runCmdWithin(t, 10*time.Second, "check", dir)
			d := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
			t.Logf("check: %v, %d MB allocated", d.Round(time.Millisecond), alloc)
			if code != 1 || !strings.Contains(out, file+tc.want) {
				t.Errorf("check: exit %d:\n%s\nwant exit 1 and %s%s", code, out, file, tc.want)
			}
			if alloc > 64 {
				t.Errorf("check allocated %d MB: it read more than the limit", alloc)
			}
		})
	}
}

// TestServeSpecialFiles drops each of specialFiles into a served content
// folder in turn: each reload reports the file, with its path, and keeps
// serving the last good content; none holds up the reload that comes
// when it is removed.
func TestServeSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	errs := filepath.Join(dir, "errors")
	if err := os.Mkdir(errs, 0o755); err != nil {
		t.Fatal(err)
	}
	orig := readBuiltIn(t, "errors/WSAEINTR.md")
	good := strings.Replace(orig, "title: Interrupted function call", "title: Interrupted function call, corrected", 1)
	writeArticle(t, dir, "errors/WSAEINTR.md", good)
	base, lw, stop := startServe(t, "--content", dir)
	file := filepath.Join(errs, "WSAEINTR.md")
	from := lw.count()
	for _, tc := range specialFiles {
		// Made aside and renamed in, so the reload sees the whole file.
		aside := filepath.Join(dir, "aside.md")
		tc.make(t, aside)
		start := time.Now()
		if err := os.Rename(aside, file); err != nil {
			t.Fatal(err)
		}
		m, next := lw.wait(t, "content problem", from, 10*time.Second)
		t.Logf("%s: reported %v after the change", tc.name, time.Since(start).Round(time.Millisecond))
		if p, _ := m["problem"].(string); !strings.HasPrefix(p, file+tc.want) {
			t.Errorf("%s: logged problem %q, want %s%s", tc.name, p, file, tc.want)
		}
		if _, body := fetch(t, base+"/errors/WSAEINTR"); !strings.Contains(body, "Interrupted function call, corrected") {
			t.Errorf("%s: the last good content is not served", tc.name)
		}
		// The fix comes in.
		writeArticle(t, dir, "errors/WSAEINTR.md", good)
		_, from = lw.wait(t, "content reloaded", next, 10*time.Second)
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// TestServeFolderGone serves a content folder, takes it away in the ways
// a folder goes (deleted; moved; emptied, as an unmounted volume leaves
// its mount point), and checks the last good content keeps
// serving, the log and /readyz say so, and it comes back with the folder.
func TestServeFolderGone(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	orig := readBuiltIn(t, "errors/WSAEINTR.md")
	corrected := strings.Replace(orig, "title: Interrupted function call", "title: Interrupted function call, corrected", 1)
	writeFile(t, filepath.Join(dir, "errors", "WSAEINTR.md"), corrected)
	base, lw, stop := startServe(t, "--content", dir)
	defer lw.dumpOnFailure(t)

	for _, tc := range []struct {
		name        string
		take, bring func(t *testing.T)
	}{
		{"deleted", func(t *testing.T) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T) {
			writeFile(t, filepath.Join(dir, "errors", "WSAEINTR.md"), corrected)
		}},
		{"moved away and back", func(t *testing.T) {
			if err := os.Rename(dir, dir+".old"); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T) {
			if err := os.Rename(dir+".old", dir); err != nil {
				t.Fatal(err)
			}
		}},
		{"emptied (unmounted)", func(t *testing.T) {
			if err := os.Rename(filepath.Join(dir, "errors"), filepath.Join(parent, "errors")); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T) {
			if err := os.Rename(filepath.Join(parent, "errors"), filepath.Join(dir, "errors")); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer lw.dumpOnFailure(t)
			from := lw.count()
			tc.take(t)
			_, from = lw.wait(t, "the content folder is unavailable; still serving the last good content", from, 10*time.Second)
			if _, body := fetch(t, base+"/errors/WSAEINTR"); !strings.Contains(body, "Interrupted function call, corrected") {
				t.Errorf("the last good content is not served")
			}
			code, body := fetch(t, base+"/readyz")
			if code != 200 || !strings.Contains(body, "; the content folder is unavailable since ") || !strings.HasSuffix(body, ", still serving the last good content\n") {
				t.Errorf("/readyz: %d %q", code, body)
			}
			start := time.Now()
			tc.bring(t)
			lw.wait(t, "content reloaded", from, 10*time.Second)
			t.Logf("back %v after the folder", time.Since(start).Round(time.Millisecond))
			if _, body := fetch(t, base+"/readyz"); strings.Contains(body, "unavailable") {
				t.Errorf("/readyz after the folder came back: %q", body)
			}
			// Edits are watched again.
			from = lw.count()
			writeArticle(t, dir, "errors/WSAEINTR.md", strings.Replace(corrected, "corrected", "corrected again", 1))
			lw.wait(t, "content reloaded", from, 10*time.Second)
			if _, body := fetch(t, base+"/errors/WSAEINTR"); !strings.Contains(body, "corrected again") {
				t.Errorf("an edit after the folder came back is not served")
			}
			writeArticle(t, dir, "errors/WSAEINTR.md", corrected)
			lw.wait(t, "content reloaded", from+1, 10*time.Second)
		})
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// TestServeFolderPermissions runs the built binary, as an unprivileged
// user (root reads a folder whatever its permissions), on a content folder
// whose permissions are then taken away and given back.
func TestServeFolderPermissions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "sockerr")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	corrected := strings.Replace(readBuiltIn(t, "errors/WSAEINTR.md"), "title: Interrupted function call", "title: Interrupted function call, corrected", 1)
	writeFile(t, filepath.Join(dir, "errors", "WSAEINTR.md"), corrected)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--access-log=false", "--content", dir)
	if os.Geteuid() == 0 {
		// The binary runs as nobody, who must reach it and the folder
		// (t.TempDir makes its folders for their owner alone).
		for _, p := range []string{filepath.Dir(filepath.Dir(bin)), filepath.Dir(bin), filepath.Dir(parent), parent, dir} {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	lw := newLogWatcher()
	defer lw.dumpOnFailure(t)
	cmd.Stderr = lw.w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	m, from := lw.wait(t, "listening", 0, 20*time.Second)
	base := "http://" + m["addr"].(string)

	if err := os.Chmod(dir, 0); err != nil {
		t.Fatal(err)
	}
	_, from = lw.wait(t, "the content folder is unavailable; still serving the last good content", from, 10*time.Second)
	if _, body := fetch(t, base+"/errors/WSAEINTR"); !strings.Contains(body, "Interrupted function call, corrected") {
		t.Errorf("the last good content is not served")
	}
	if _, body := fetch(t, base+"/readyz"); !strings.Contains(body, "; the content folder is unavailable since ") {
		t.Errorf("/readyz with the folder's permissions gone: %q", body)
	}
	start := time.Now()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	lw.wait(t, "content reloaded", from, 10*time.Second)
	t.Logf("back %v after the permissions", time.Since(start).Round(time.Millisecond))
	if _, body := fetch(t, base+"/readyz"); strings.Contains(body, "unavailable") {
		t.Errorf("/readyz after the permissions came back: %q", body)
	}
}

// TestServeReloadStorm rewrites one article every 100 ms and, meanwhile,
// edits another: the edit must be served within maxSettle and a reload,
// though the folder is never quiet for settle.
func TestServeReloadStorm(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "errors"), 0o755); err != nil {
		t.Fatal(err)
	}
	storm := readBuiltIn(t, "errors/WSAEINTR.md")
	writeArticle(t, dir, "errors/WSAEINTR.md", storm)
	base, lw, stop := startServe(t, "--content", dir)
	defer lw.dumpOnFailure(t)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				writeArticle(t, dir, "errors/WSAEINTR.md", strings.Replace(storm, "summary: ", fmt.Sprintf("summary: (%d) ", i), 1))
			}
		}
	})
	defer wg.Wait()
	defer cancel()

	time.Sleep(time.Second) // the storm is on
	start := time.Now()
	writeArticle(t, dir, "errors/WSAEBADF.md", strings.Replace(readBuiltIn(t, "errors/WSAEBADF.md"), "title: ", "title: Edited ", 1))
	const bound = 10 * time.Second // maxSettle, a reload, and room for a slow machine
	for {
		if _, body := fetch(t, base+"/errors/WSAEBADF"); strings.Contains(body, "Edited ") {
			t.Logf("the edit was served %v after it was made, the folder changing every 100 ms", time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Since(start) > bound {
			t.Fatalf("the edit was not served within %v while another file changed every 100 ms", bound)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// TestCheckInterrupt runs the built binary's check on a large generated
// folder and sends SIGINT while it loads: it must stop at once.
func TestCheckInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and generates a large folder")
	}
	bin := filepath.Join(t.TempDir(), "sockerr")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Copies of a built-in article under new names and codes: each has to
	// be parsed, highlighted and cross-linked.
	dir := t.TempDir()
	src := readBuiltIn(t, "errors/WSAEADDRINUSE.md")
	const copies = 3000
	for i := range copies {
		id := fmt.Sprintf("WSAECOPY%d", i)
		a := strings.Replace(src, "id: WSAEADDRINUSE", "id: "+id, 1)
		a = strings.Replace(a, "code: 10048", fmt.Sprintf("code: %d", 20000+i), 1)
		a = dropField(a, "aliases")
		writeFile(t, filepath.Join(dir, "errors", id+".md"), a)
	}

	cmd := exec.Command(bin, "check", dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // well into the load
	start := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("check finished before the signal (%v): the folder is too small to test this:\n%s", err, out.String())
		}
		t.Logf("check stopped %v after SIGINT: %v", time.Since(start).Round(time.Millisecond), err)
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("check still running 5 s after SIGINT")
	}
}

// dropField removes a front-matter field that is a one-line list.
func dropField(article, field string) string {
	var lines []string
	for _, l := range strings.Split(article, "\n") {
		if !strings.HasPrefix(l, field+":") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
