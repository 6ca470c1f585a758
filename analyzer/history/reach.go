package history

import (
	"context"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Reach tells how far back a clone's history goes: complete when it is not
// shallow, otherwise the newest committer date among its shallow boundary
// commits (the history is known at least back to it).
func Reach(repo *git.Repository) (complete bool, oldest time.Time) {
	hashes, err := repo.Storer.Shallow()
	if err != nil || len(hashes) == 0 {
		return err == nil, time.Time{}
	}
	for _, h := range hashes {
		c, err := repo.CommitObject(h)
		if err != nil {
			continue
		}
		if oldest.IsZero() || c.Committer.When.After(oldest) {
			oldest = c.Committer.When
		}
	}
	return false, oldest
}

// maxChangedFiles bounds FilesChanged on a hostile history.
const maxChangedFiles = 50000

// FilesChanged lists the paths the given commits added or modified
// relative to their first parent, as they are named after the change.
// Commits or parents missing from the clone are passed over.
func FilesChanged(ctx context.Context, repo *git.Repository, shas []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, sha := range shas {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c, err := repo.CommitObject(plumbing.NewHash(sha))
		if err != nil {
			continue
		}
		tree, err := c.Tree()
		if err != nil {
			continue
		}
		parentTree := &object.Tree{}
		if c.NumParents() > 0 {
			p, err := c.Parent(0)
			if err != nil {
				continue
			}
			if parentTree, err = p.Tree(); err != nil {
				continue
			}
		}
		changes, err := object.DiffTreeWithOptions(ctx, parentTree, tree, nil)
		if err != nil {
			continue
		}
		for _, ch := range changes {
			if ch.To.Name != "" {
				out[ch.To.Name] = true
			}
			if len(out) >= maxChangedFiles {
				return out, nil
			}
		}
	}
	return out, nil
}
