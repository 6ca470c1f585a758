package walk

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Dir lists the files under a local directory, in lexical order, without
// following symlinks and without entering .git.
type Dir struct {
	Root string
}

// Walk implements Source.
func (d Dir) Walk(ctx context.Context, fn func(Entry) error) error {
	return d.walk(ctx, d.Root, "", fn)
}

func (d Dir) walk(ctx context.Context, abs, rel string, fn func(Entry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, de := range entries {
		name := de.Name()
		childAbs := filepath.Join(abs, name)
		childRel := name
		if rel != "" {
			childRel = rel + "/" + name
		}
		mode := de.Type()
		switch {
		case mode&fs.ModeSymlink != 0:
			if err := fn(Entry{Path: childRel, Symlink: true}); err != nil {
				return err
			}
		case de.IsDir():
			if name == ".git" {
				continue
			}
			if err := d.walk(ctx, childAbs, childRel, fn); err != nil {
				return err
			}
		case mode.IsRegular():
			info, err := de.Info()
			if err != nil {
				continue
			}
			e := Entry{
				Path:       childRel,
				Size:       info.Size(),
				Executable: info.Mode()&0o111 != 0,
				Open:       func() (io.ReadCloser, error) { return openNoFollow(childAbs) },
			}
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}
