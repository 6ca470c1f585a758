package walk

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// GitTree lists the files of a commit's tree straight from the object
// store: nothing is checked out, so paths are only names here.
type GitTree struct {
	Tree *object.Tree
}

// Walk implements Source in the tree's own (sorted) order.
func (g GitTree) Walk(ctx context.Context, fn func(Entry) error) error {
	w := object.NewTreeWalker(g.Tree, true, nil)
	defer w.Close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		name, te, err := w.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil && strings.HasPrefix(err.Error(), "invalid path") {
			// go-git refuses names git would never check out (control
			// characters, "..", ".git" disguises). The walker has moved past
			// the entry, so the rest of the tree is still read.
			if err := fn(Entry{Path: te.Name, InvalidPath: true}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		e := Entry{Path: name}
		switch te.Mode {
		case filemode.Dir:
			continue
		case filemode.Submodule:
			e.Submodule = true
		case filemode.Symlink:
			e.Symlink = true
		case filemode.Regular, filemode.Deprecated, filemode.Executable:
			blob, err := g.Tree.TreeEntryFile(&te)
			if err != nil {
				return err
			}
			e.Size = blob.Size
			e.Executable = te.Mode == filemode.Executable
			e.Open = blob.Reader
		default:
			continue
		}
		if err := fn(e); err != nil {
			return err
		}
	}
}
