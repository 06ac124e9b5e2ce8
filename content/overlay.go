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
	// Stat before opening: opening a named pipe blocks, and a directory
	// is listed by ReadDir from both layers.
	in, err := o.inTop(name)
	if err != nil {
		return nil, err
	}
	if in {
		return o.top.Open(name)
	}
	return o.base.Open(name)
}

// Stat describes name as Open would find it, without opening it.
func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	in, err := o.inTop(name)
	if err != nil {
		return nil, err
	}
	if in {
		return fs.Stat(o.top, name)
	}
	return fs.Stat(o.base, name)
}

// Lstat describes name as Stat does, but a symbolic link as itself.
func (o *overlay) Lstat(name string) (fs.FileInfo, error) {
	st, err := fs.Lstat(o.top, name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return st, err
	}
	return fs.Lstat(o.base, name)
}

// ReadLink returns the destination of the symbolic link name.
func (o *overlay) ReadLink(name string) (string, error) {
	if _, err := fs.Lstat(o.top, name); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return fs.ReadLink(o.top, name)
	}
	return fs.ReadLink(o.base, name)
}

// inTop reports whether the file name comes from top: it does when top
// has it and it is not a directory. A file top has but cannot describe (a
// symbolic link that leads nowhere, or outside the folder) is an error,
// not a reason to show base's file of the same name instead.
func (o *overlay) inTop(name string) (bool, error) {
	st, err := fs.Stat(o.top, name)
	switch {
	case err == nil:
		return !st.IsDir(), nil
	case !errors.Is(err, fs.ErrNotExist):
		return false, err
	}
	if _, lerr := fs.Lstat(o.top, name); lerr == nil {
		return false, err // a link to nothing
	}
	return false, nil
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	t, terr := fs.ReadDir(o.top, name)
	if terr != nil && !errors.Is(terr, fs.ErrNotExist) {
		// A folder of top that cannot be read is an error: listing base's
		// alone would silently drop top's files.
		return nil, terr
	}
	b, berr := fs.ReadDir(o.base, name)
	if terr != nil && berr != nil {
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
// [Overlay] (a folder, or a file that cannot be read, counts when top has
// it); for any other file system it reports true.
func InTop(fsys fs.FS, name string) bool {
	o, ok := fsys.(*overlay)
	if !ok {
		return true
	}
	_, err := fs.Lstat(o.top, name)
	return err == nil
}
