package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sockerr/sockerr/content"
)

// check validates a corpus: DIR laid over the built-in corpus (as serve
// --content would), or the built-in corpus alone.
func checkFlags(fs *flag.FlagSet) *bool {
	return fs.Bool("alone", false, "check DIR by itself, not laid over the built-in corpus")
}

func check(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlagSet("check", stderr)
	alone := checkFlags(flags)
	rest, code, ok := parseFlags(flags, args)
	if !ok {
		return code
	}
	if len(rest) > 1 {
		flags.Usage()
		return 2
	}
	dir := ""
	if len(rest) == 1 {
		dir = rest[0]
	}
	fsys, dir, release, err := corpusFS(dir, *alone)
	if err != nil {
		fmt.Fprintf(stderr, "sockerr check: %v\n", err)
		return 1
	}
	defer release()
	c, err := content.Load(fsys)
	if err != nil {
		var ps content.Problems
		if !errors.As(err, &ps) {
			fmt.Fprintf(stderr, "sockerr check: %v\n", err)
			return 1
		}
		for _, p := range ps {
			p.Path = displayPath(fsys, dir, p.Path)
			fmt.Fprintln(stdout, p)
		}
		fmt.Fprintf(stderr, "sockerr check: %d problem(s)\n", len(ps))
		return 1
	}
	fmt.Fprintf(stdout, "ok: %d errors, %d known issues\n", len(c.Errors()), len(c.KnownIssues()))
	return 0
}

// corpusFS returns the corpus a command works on: the built-in one, or
// dir laid over it (or dir alone), and a function that lets go of dir.
// serve --content reads its folder the same way (see contentFolder), so
// check and serve agree.
func corpusFS(dir string, alone bool) (fsys fs.FS, _ string, release func(), err error) {
	if dir == "" {
		return content.FS, "", func() {}, nil
	}
	root, err := openFolder(dir)
	if err != nil {
		return nil, "", nil, err
	}
	release = func() { root.Close() }
	if alone {
		return root.FS(), dir, release, nil
	}
	return content.Overlay(root.FS(), content.FS), dir, release, nil
}

// openFolder opens a content folder as an os.Root: through it, no
// symbolic link leads out of the folder (os.DirFS would follow one to
// /etc or /dev), and no name does.
func openFolder(dir string) (*os.Root, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	return os.OpenRoot(dir)
}

// displayPath names a corpus file so a person can open it: under dir when
// it comes from there, marked as built-in otherwise.
func displayPath(fsys fs.FS, dir, name string) string {
	if dir == "" {
		return filepath.Join("content", filepath.FromSlash(name))
	}
	if content.InTop(fsys, name) {
		return filepath.Join(dir, filepath.FromSlash(name))
	}
	return "(built-in) " + name
}
