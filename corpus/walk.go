package corpus

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// walkItem is one entry of a folder that will be read.
type walkItem struct {
	name string
	key  string // sort key: name, plus "/" for a folder
	dir  bool
	err  error // the entry could not be examined (a dangling symlink, say)
}

// walk reads the folder dir of fsys and everything below it. source maps a
// slash path in fsys to the path the user would name, for Doc.Source and
// error messages.
//
// fs.WalkDir is not used because its order is not the order we promise:
// it visits folder "a" (so "a/b") before file "a-c", yet '-' < '/' puts
// "a-c" first as a slash path. Sorting each folder's entries with "/"
// appended to folder names gives exactly the lexical order of full slash
// paths, while holding only one folder listing per level in memory.
func (r *reader) walk(fsys fs.FS, dir string, source func(string) string) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return r.bad(&Error{Path: source(dir), Err: osError(err)})
	}
	items := make([]walkItem, 0, len(entries))
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			// Hidden: .git, editor swap files and the like.
			continue
		}
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, path.Join(dir, name))
			if err != nil {
				items = append(items, walkItem{name: name, key: name, err: osError(err)})
				continue
			}
			if info.IsDir() {
				// Never followed: a link to a parent folder would loop
				// forever, and one elsewhere would read outside the tree.
				continue
			}
			typ = info.Mode().Type()
		}
		switch {
		case typ.IsDir():
			items = append(items, walkItem{name: name, key: name + "/", dir: true})
		case typ.IsRegular():
			items = append(items, walkItem{name: name, key: name})
		}
		// Anything else (a FIFO, socket or device) is not a document, and
		// reading a FIFO could block forever, so it is passed over.
	}
	slices.SortFunc(items, func(a, b walkItem) int { return strings.Compare(a.key, b.key) })

	for _, it := range items {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		p := path.Join(dir, it.name)
		switch {
		case it.err != nil:
			err = r.bad(&Error{Path: source(p), Err: it.err})
		case it.dir:
			err = r.walk(fsys, p, source)
		default:
			err = r.readFSFile(fsys, p, source(p))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readFSFile reads the file p of fsys, whose ID is p itself.
func (r *reader) readFSFile(fsys fs.FS, p, source string) error {
	f, err := fsys.Open(p)
	if err != nil {
		return r.bad(&Error{Path: source, Err: osError(err)})
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return r.bad(&Error{Path: source, Err: osError(err)})
	}
	return r.readFile(f, p, p, source, sizeHint(info))
}
