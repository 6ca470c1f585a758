package history

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// treeDiffer lists the changes between two trees as go-git's DiffTree
// does (object.DiffTreeWithOptions without rename detection: the same
// changes, in the same order, with the same entries), reading fewer
// trees. go-git's merkletrie decodes, for every directory it compares,
// every subtree of both sides (to count their children), and decodes each
// again when it steps into it; walking a history, it decodes the same
// unchanged trees again for every commit. Here a tree is decoded once per
// walk while it stays in the cache, and a subtree is read only when its
// hash differs from the other side's. TestTreeDiffMatchesGoGit and
// TestLinesMatchGoGitPatches check the changes against go-git's.
type treeDiffer struct {
	s storer.EncodedObjectStorer
	// trees holds the decoded trees by hash, and entries the number of
	// entries they hold together, bounded by maxEntries (see
	// maxTreeCacheEntries).
	trees      map[plumbing.Hash]*namedTree
	entries    int
	maxEntries int
	// maxDepth is maxDiffDepth, which a test makes small.
	maxDepth int
	// steps counts the entries compared, to check the context every so
	// often.
	steps int
}

// maxTreeCacheEntries bounds the entries of the trees kept decoded: at
// about 100 bytes an entry (its name, mode and hash, in the tree and in
// its sorted copy) a few MB. When a tree would go over it the cache starts
// again empty; walking newest first, consecutive commits share most of
// their trees, so the trees in use are soon decoded again.
const maxTreeCacheEntries = 1 << 16

// maxDiffDepth bounds how deep the diff follows nested trees (a crafted
// history can nest them without end); go-git's tree walker stops at the
// same depth.
const maxDiffDepth = 1024

// errTreeTooDeep is the error of a diff of trees nested deeper than
// maxDiffDepth: the commit is not measured.
var errTreeTooDeep = errors.New("history: trees nested too deep to diff")

// namedTree is a decoded tree and its entries sorted by name as bytes
// (merkletrie's order, which differs from git's where a directory's name
// is a prefix of another entry's: git sorts "a" as "a/", after "a.py").
type namedTree struct {
	tree   *object.Tree
	byName []object.TreeEntry
}

func newTreeDiffer(s storer.EncodedObjectStorer) *treeDiffer {
	return &treeDiffer{s: s, trees: map[plumbing.Hash]*namedTree{}, maxEntries: maxTreeCacheEntries, maxDepth: maxDiffDepth}
}

// tree returns the tree h, decoded once while it stays in the cache.
func (d *treeDiffer) tree(h plumbing.Hash) (*namedTree, error) {
	if t, ok := d.trees[h]; ok {
		return t, nil
	}
	t, err := object.GetTree(d.s, h)
	if err != nil {
		return nil, fmt.Errorf("history: tree %s: %w", h, err)
	}
	nt := &namedTree{tree: t, byName: t.Entries}
	byName := func(a, b object.TreeEntry) int { return cmp.Compare(a.Name, b.Name) }
	if !slices.IsSortedFunc(nt.byName, byName) {
		nt.byName = slices.Clone(nt.byName)
		slices.SortFunc(nt.byName, byName)
	}
	if n := len(t.Entries); d.entries+n > d.maxEntries {
		clear(d.trees)
		d.entries = 0
	}
	d.trees[h] = nt
	d.entries += len(t.Entries)
	return nt, nil
}

// diff lists the changes from the tree from to the tree to; a zero hash
// is the empty tree (a root commit's parent).
func (d *treeDiffer) diff(ctx context.Context, from, to plumbing.Hash) (object.Changes, error) {
	if from == to {
		return nil, nil
	}
	a, b := &namedTree{tree: &object.Tree{}}, &namedTree{tree: &object.Tree{}}
	var err error
	if !from.IsZero() {
		if a, err = d.tree(from); err != nil {
			return nil, err
		}
	}
	if !to.IsZero() {
		if b, err = d.tree(to); err != nil {
			return nil, err
		}
	}
	var out object.Changes
	err = d.diffTrees(ctx, a, b, "", 0, &out)
	return out, err
}

// diffTrees merges the entries of two trees by name, as merkletrie's
// double iterator does: an entry on one side only is deleted or inserted
// with everything under it; on both sides, with equal hashes and modes it
// is unchanged, two files (anything but a tree: a blob, a symlink, a
// gitlink) make a modification, a file and a tree a deletion and an
// insertion, two trees a diff of their entries.
func (d *treeDiffer) diffTrees(ctx context.Context, a, b *namedTree, dir string, depth int, out *object.Changes) error {
	if depth > d.maxDepth {
		return errTreeTooDeep
	}
	ea, eb := a.byName, b.byName
	for len(ea) > 0 || len(eb) > 0 {
		if d.steps++; d.steps%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		c := 0
		switch {
		case len(ea) == 0:
			c = 1
		case len(eb) == 0:
			c = -1
		default:
			c = cmp.Compare(ea[0].Name, eb[0].Name)
		}
		var err error
		switch {
		case c < 0:
			err = d.addAll(ea[0], a.tree, dir, depth, out, deleted)
			ea = ea[1:]
		case c > 0:
			err = d.addAll(eb[0], b.tree, dir, depth, out, inserted)
			eb = eb[1:]
		default:
			err = d.diffEntries(ctx, ea[0], eb[0], a.tree, b.tree, dir, depth, out)
			ea, eb = ea[1:], eb[1:]
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// diffEntries compares two entries of the same name.
func (d *treeDiffer) diffEntries(ctx context.Context, x, y object.TreeEntry, tx, ty *object.Tree, dir string, depth int, out *object.Changes) error {
	// go-git's tree noder compares hashes and modes (decoding makes
	// every mode canonical: a group-writable file is a regular one).
	if x.Hash == y.Hash && x.Mode == y.Mode {
		return nil
	}
	xDir, yDir := x.Mode == filemode.Dir, y.Mode == filemode.Dir
	switch {
	case !xDir && !yDir:
		name := joinPath(dir, x.Name)
		*out = append(*out, &object.Change{
			From: object.ChangeEntry{Name: name, Tree: tx, TreeEntry: x},
			To:   object.ChangeEntry{Name: name, Tree: ty, TreeEntry: y},
		})
		return nil
	case xDir != yDir:
		if err := d.addAll(x, tx, dir, depth, out, deleted); err != nil {
			return err
		}
		return d.addAll(y, ty, dir, depth, out, inserted)
	}
	a, err := d.tree(x.Hash)
	if err != nil {
		return err
	}
	b, err := d.tree(y.Hash)
	if err != nil {
		return err
	}
	if len(a.byName) == 0 && len(b.byName) == 0 {
		// merkletrie's error for two empty trees with different
		// hashes (a malformed tree).
		return fmt.Errorf("history: %s: both trees are empty but their hashes differ", joinPath(dir, x.Name))
	}
	// An empty side makes merkletrie insert or delete everything under
	// the other, which is what the diff of their entries lists too.
	return d.diffTrees(ctx, a, b, joinPath(dir, x.Name), depth+1, out)
}

// side says which side of a change an entry added by addAll is on.
type side bool

const (
	deleted  side = false
	inserted side = true
)

// addAll adds the deletion or insertion of the entry e of the tree t (in
// the directory dir), and of every file under it when it is a tree, in
// name order.
func (d *treeDiffer) addAll(e object.TreeEntry, t *object.Tree, dir string, depth int, out *object.Changes, s side) error {
	name := joinPath(dir, e.Name)
	if e.Mode != filemode.Dir {
		ce := object.ChangeEntry{Name: name, Tree: t, TreeEntry: e}
		ch := &object.Change{From: ce}
		if s == inserted {
			ch = &object.Change{To: ce}
		}
		*out = append(*out, ch)
		return nil
	}
	if depth+1 > d.maxDepth {
		return errTreeTooDeep
	}
	sub, err := d.tree(e.Hash)
	if err != nil {
		return err
	}
	for _, c := range sub.byName {
		if err := d.addAll(c, sub.tree, name, depth+1, out, s); err != nil {
			return err
		}
	}
	return nil
}

// joinPath is a path under dir, as merkletrie's paths join names.
func joinPath(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}
