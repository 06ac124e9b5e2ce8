package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/web"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCmdIn(t, "", args...)
}

// runCmdIn runs a command with stdin as its standard input (a pipe, not a
// terminal).
func runCmdIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheck(t *testing.T) {
	c, err := content.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("ok: %d errors", len(c.Errors()))
	code, out, errOut := runCmd(t, "check")
	if code != 0 || !strings.HasPrefix(out, want) {
		t.Fatalf("check (built-in): exit %d, stdout %q, stderr %q; want 0 and %s", code, out, errOut, want)
	}

	dir := filepath.Join("..", "..", "content", "testdata", "bad", "five-problems")
	code, out, _ = runCmd(t, "check", "--alone", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) != 5 {
		t.Fatalf("check --alone %s: exit %d with %d lines, want 1 and 5:\n%s", dir, code, len(lines), out)
	}
	if want := filepath.Join(dir, "errors", "WSAEBADF.md") + ":1: missing required field"; !strings.HasPrefix(lines[0], want) {
		t.Errorf("first problem = %q, want prefix %q", lines[0], want)
	}

	// Laid over the built-in corpus, a folder that only corrects one
	// article checks clean, and a broken one names its own file.
	good := t.TempDir()
	writeFile(t, filepath.Join(good, "errors", "WSAEINTR.md"), strings.Replace(readBuiltIn(t, "errors/WSAEINTR.md"), "summary:", "summary: Corrected.", 1))
	if code, out, _ := runCmd(t, "check", good); code != 0 {
		t.Errorf("check over built-in with a correction: exit %d:\n%s", code, out)
	}
	bad := t.TempDir()
	writeFile(t, filepath.Join(bad, "errors", "WSAEINTR.md"), strings.Replace(readBuiltIn(t, "errors/WSAEINTR.md"), "see_also: [", "see_also: [WSAENOPE, ", 1))
	code, out, _ = runCmd(t, "check", bad)
	if code != 1 || !strings.Contains(out, filepath.Join(bad, "errors", "WSAEINTR.md")+":") || !strings.Contains(out, `"WSAENOPE", which is not an article`) {
		t.Errorf("check over built-in with a broken see_also: exit %d:\n%s", code, out)
	}
}

func readBuiltIn(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(content.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"lookup", "10054"}, 0, []string{"WSAECONNRESET  10054 (0x2746)", "An existing connection was forcibly closed by the remote host.", "http://localhost:8080/errors/WSAECONNRESET", "Quick fix:\n1. "}},
		{[]string{"lookup", "-2147014842"}, 0, []string{"WSAECONNRESET"}},
		{[]string{"lookup", "dial", "tcp", "192.0.2.1:443:", "connectex:", "No", "connection", "could", "be", "made", "because", "the", "target", "machine", "actively", "refused", "it."}, 0, []string{"WSAECONNREFUSED  10061"}},
		{[]string{"lookup", "--base-url", "https://sockerr.example", "KB196271"}, 0, []string{"KB 196271", "https://sockerr.example/kb/196271"}},
		{[]string{"lookup", "qwertyuiop zxcvbnm"}, 1, []string{"not sure: no socket error was recognised"}},
		{[]string{"lookup", "EACCES: permission denied, open '/etc/app.conf'"}, 1, []string{"not sure", "file-system error"}},
		{[]string{"lookup"}, 2, nil},
	} {
		code, out, errOut := runCmd(t, tc.args...)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tc.args, code, tc.code, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: output does not contain %q:\n%s", tc.args, w, out)
			}
		}
		for i, line := range strings.Split(out, "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%q: line %d is %d columns, want at most 80: %q", tc.args, i+1, n, line)
			}
		}
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%q: colour codes written to a non-terminal", tc.args)
		}
	}

	code, out, _ := runCmd(t, "lookup", "--json", "WSAECONNREFUSED")
	var got struct {
		Query      string
		Recognized bool
		Hits       []struct{ ID, Match, URL string }
		Article    struct {
			ID, Message, URL string
			Code             int
			Errno            struct{ Name string }
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || !got.Recognized || len(got.Hits) == 0 || got.Hits[0].Match != "exact" ||
		got.Article.ID != "WSAECONNREFUSED" || got.Article.Code != 10061 || got.Article.URL != "http://localhost:8080/errors/WSAECONNREFUSED" || got.Article.Errno.Name != "ECONNREFUSED" {
		t.Errorf("lookup --json: exit %d, %+v from:\n%s", code, got, out)
	}
}

// TestLookupStdin reads queries from standard input, one a line, as a
// pipe from grep gives them.
func TestLookupStdin(t *testing.T) {
	in := "read tcp 10.0.0.2:5050->10.0.0.9:443: wsarecv: An existing connection was forcibly closed by the remote host.\n\n" +
		"Caused by: java.net.ConnectException: Connection refused\n"
	for _, args := range [][]string{{"lookup"}, {"lookup", "-"}} {
		code, out, errOut := runCmdIn(t, in, args...)
		if code != 0 || strings.Count(out, "» ") != 2 || !strings.Contains(out, "WSAECONNRESET  10054") || !strings.Contains(out, "WSAECONNREFUSED  10061") {
			t.Errorf("%q with two queries on stdin: exit %d (stderr %q):\n%s", args, code, errOut, out)
		}
	}
	// One line not recognised makes the exit 1; JSON is one object a line.
	t.Setenv("SOCKERR_BASE_URL", "https://kb.example.org/sockerr")
	code, out, _ := runCmdIn(t, "10061\nbanana\n", "lookup", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) != 2 {
		t.Fatalf("lookup --json with a recognised and an unknown line: exit %d, %d lines, want 1 and 2:\n%s", code, len(lines), out)
	}
	var first, second struct {
		Recognized bool
		Article    *struct{ URL string }
	}
	if json.Unmarshal([]byte(lines[0]), &first) != nil || !first.Recognized || first.Article == nil || first.Article.URL != "https://kb.example.org/sockerr/errors/WSAECONNREFUSED" {
		t.Errorf("first line: %s", lines[0])
	}
	if json.Unmarshal([]byte(lines[1]), &second) != nil || second.Recognized || second.Article != nil {
		t.Errorf("second line (banana): %s", lines[1])
	}
}

// TestExport exports the site and checks every file holds exactly the
// bytes the server sends for its URL.
func TestExport(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd(t, "export", dir, "--base-url", "https://sockerr.example")
	if code != 0 {
		t.Fatalf("export: exit %d: %s %s", code, out, errOut)
	}
	srv, err := web.New(web.Config{BaseURL: "https://sockerr.example", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") || strings.HasSuffix(p, "404.html") {
			return err
		}
		rel := "/" + filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		urlPath := strings.TrimSuffix(strings.TrimSuffix(rel, "index.html"), "index.json")
		if urlPath != "/" {
			urlPath = strings.TrimSuffix(urlPath, "/")
		}
		file, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, urlPath, nil))
		if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), file) {
			t.Errorf("%s: the server answers %s with status %d and %d bytes; the export has %d bytes", rel, urlPath, rec.Code, rec.Body.Len(), len(file))
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "errors/WSAECONNRESET/index.html", "errors/WSAECONNRESET/index.html.br", "errors/WSAECONNRESET/index.html.gz", "kb/196271/index.html", "api/v1/errors/index.json", "api/v1/errors/WSAECONNRESET/index.json", "api/v1/openapi.json", "sitemap.xml", "404.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("export lacks %s", name)
		}
	}
	if n < 200 {
		t.Errorf("export has %d files, want every article's page and JSON (over 200)", n)
	}
}

// TestUsage checks that help, -h and --help print one complete usage (every
// command and every flag of each), and that version and --version print
// the build.
func TestUsage(t *testing.T) {
	_, want, _ := runCmd(t, "help")
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		code, out, errOut := runCmd(t, args...)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("%q: exit %d, stderr %q, usage differs from `help`: %v", args, code, errOut, out != want)
		}
	}
	for _, c := range commands {
		if !strings.Contains(want, "sockerr "+c.name) {
			t.Errorf("the usage does not list %s", c.name)
		}
		if c.flags == nil {
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(want, "-"+f.Name) {
				t.Errorf("the usage does not list %s's flag -%s", c.name, f.Name)
			}
		})
	}
	if code, _, errOut := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("an unknown command: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, "check", "--no-such-flag"); code != 2 || !strings.Contains(errOut, "no-such-flag") {
		t.Errorf("an unknown flag: exit %d, stderr %q", code, errOut)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := runCmd(t, args...)
		if code != 0 || !strings.HasPrefix(out, "sockerr ") || !strings.Contains(out, "go1.") {
			t.Errorf("%q: exit %d, %q", args, code, out)
		}
	}
}

// TestExportSubPath exports the site for a sub-path of another site and
// serves the folder with a plain file server under that path: every link
// and asset of every page resolves, none leaves the path.
func TestExportSubPath(t *testing.T) {
	dir := t.TempDir()
	const prefix = "/kb/sockerr"
	if code, out, errOut := runCmd(t, "export", dir, "--base-url", "https://org.example"+prefix); code != 0 {
		t.Fatalf("export: exit %d: %s %s", code, out, errOut)
	}
	files := httptest.NewServer(http.StripPrefix(prefix, http.FileServer(http.Dir(dir))))
	defer files.Close()

	seen := map[string]bool{}
	queue := []string{prefix + "/"}
	pages := 0
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		resp, err := http.Get(files.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d from the file server", p, resp.StatusCode)
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages++
		for _, m := range linkAttr.FindAllStringSubmatch(string(body), -1) {
			link := html.UnescapeString(m[1])
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: link %q does not parse", p, link)
				continue
			}
			switch {
			case u.Host == "org.example":
				// Absolute links (canonical, previews) name the real host.
				if !strings.HasPrefix(u.Path, prefix+"/") {
					t.Errorf("%s: absolute link %q leaves %s", p, link, prefix)
				}
			case u.Scheme != "" || u.Host != "":
				// Another site (Microsoft's documentation).
			case strings.HasPrefix(u.Path, "/"):
				if !strings.HasPrefix(u.Path, prefix+"/") {
					t.Errorf("%s: link %q leaves %s", p, link, prefix)
					continue
				}
				if !strings.HasPrefix(u.Path, prefix+"/search") && !strings.HasPrefix(u.Path, prefix+"/oembed") {
					queue = append(queue, u.Path)
				}
			}
		}
	}
	if pages < 100 {
		t.Errorf("crawled %d pages of the export, want every article's", pages)
	}
}

// linkAttr finds the addresses a page links to or loads.
var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]+)"`)
