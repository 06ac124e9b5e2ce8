package content

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// Overlay returns a file system that shows top laid over base: a file in
// top replaces the file of the same name in base, and the folders list the
// files of both. It is how a content folder on disk adds articles to, or
// corrects, the built-in corpus.
func Overlay(top, base fs.FS) fs.FS { return &overlay{top: top, base: base} }

type overlay struct{ top, base fs.FS }

func (o *overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := o.top.Open(name)
	if err == nil {
		if st, serr := f.Stat(); serr == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.base.Open(name)
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	t, terr := fs.ReadDir(o.top, name)
	b, berr := fs.ReadDir(o.base, name)
	if terr != nil && berr != nil {
		if !errors.Is(terr, fs.ErrNotExist) {
			return nil, terr
		}
		return nil, berr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range t {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range b {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// InTop reports whether name comes from the top layer of an overlay made by
// [Overlay]; for any other file system it reports true.
func InTop(fsys fs.FS, name string) bool {
	o, ok := fsys.(*overlay)
	if !ok {
		return true
	}
	st, err := fs.Stat(o.top, name)
	return err == nil && !st.IsDir()
}
