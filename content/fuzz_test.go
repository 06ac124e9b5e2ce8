package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary files to the loader: it must never panic, and
// every failure must be a list of problems, each naming the file.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"---\nid: WSAEINTR\nkind: error\ncode: 10004\ntitle: t\nmessage: m\nsummary: s\n---\nBody WSAEINTR KB 1 Q1 `WSAEINTR`.\n",
		"---\nid: WSAEINTR\n---\n",
		"---\n---\n",
		"---\n[\n---\n",
		"no front matter",
		"---\nid: WSAEINTR\nkind: error\ncode: 99999999999999999999\n---\n",
		"---\nid: WSAEINTR\nkind: error\ncode: 10004\ntitle: t\nmessage: m\nsummary: s\nsee_also: [WSAEINTR, X]\nerrno: {name: 1}\n---\n# h\n\n```c\nx\n```\n",
		"---\r\nid: WSAEINTR\r\n---\r\n",
		"---\nid: &a [*a]\n---\n",
		"\xff\xfe",
		"---\nid: WSAEINTR\nkind: error\ncode: 10004\ntitle: t\nmessage: m\nsummary: s\n---\n# About KB 1\n\n`x(KB1)` [Q1](/u) `KB 1`\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		fsys := fstest.MapFS{
			"errors/WSAEINTR.md": {Data: []byte(data)},
			"kb/1.md":            {Data: []byte("---\nid: \"1\"\nkind: kb\ntitle: t\nsummary: s\nerrors: [WSAEINTR]\n---\n")},
		}
		c, err := Load(fsys)
		if err == nil {
			if c.Article("WSAEINTR") == nil {
				t.Fatalf("Load succeeded without the article")
			}
			return
		}
		var ps Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("Load error %v is not a list of problems", err)
		}
		for _, p := range ps {
			if p.Path == "" || p.Line < 0 || strings.TrimSpace(p.Message) == "" {
				t.Fatalf("problem %+v does not name a file and say what is wrong", p)
			}
		}
	})
}
