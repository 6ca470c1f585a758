package history

import (
	"context"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Reach tells how far back a clone's history goes from head, walking at
// most max commits: complete when no commit lacks a parent, otherwise the
// newest committer date among the edge commits (the history is known at
// least back to it).
func Reach(ctx context.Context, repo *git.Repository, head plumbing.Hash, max int) (complete bool, oldest time.Time, err error) {
	repo, done := keepOpen(repo)
	defer done()
	commits, boundary, truncated, err := walkCommits(ctx, repo, head, max)
	if err != nil {
		return false, time.Time{}, err
	}
	for _, c := range commits {
		if boundary[c.Hash] && (oldest.IsZero() || c.Committer.When.After(oldest)) {
			oldest = c.Committer.When
		}
	}
	return !truncated && len(boundary) == 0, oldest, nil
}

// PruneShallow drops the entries of a clone's shallow file whose parents
// are all present: go-git adds the new edge after a deepening fetch but
// never removes the old one, which then hides history from git itself.
func PruneShallow(repo *git.Repository) error {
	hashes, err := repo.Storer.Shallow()
	if err != nil || len(hashes) == 0 {
		return err
	}
	keep := shallowEdge(repo, hashes)
	if len(keep) == len(hashes) {
		return nil
	}
	return repo.Storer.SetShallow(keep)
}

// ShallowEdge is where a clone's history is cut: the entries of its
// shallow file with a parent missing from the clone, the ones PruneShallow
// keeps. Unlike the file, it does not change when a fetch writes entries
// that are stale (a server lists the edge of the depth asked for, some of
// whose parents the clone holds through other paths).
func ShallowEdge(repo *git.Repository) ([]plumbing.Hash, error) {
	hashes, err := repo.Storer.Shallow()
	if err != nil || len(hashes) == 0 {
		return nil, err
	}
	return shallowEdge(repo, hashes), nil
}

// shallowEdge keeps the hashes of commits in repo with a parent missing.
func shallowEdge(repo *git.Repository, hashes []plumbing.Hash) []plumbing.Hash {
	var keep []plumbing.Hash
	for _, h := range hashes {
		c, err := repo.CommitObject(h)
		if err != nil {
			continue
		}
		for _, p := range c.ParentHashes {
			if _, err := repo.CommitObject(p); err != nil {
				keep = append(keep, h)
				break
			}
		}
	}
	return keep
}

// maxChangedFiles bounds FilesChanged on a hostile history.
const maxChangedFiles = 50000

// FilesChanged lists the paths the given commits added or modified
// relative to their first parent, as they are named after the change.
// Commits or parents missing from the clone are passed over.
func FilesChanged(ctx context.Context, repo *git.Repository, shas []string) (map[string]bool, error) {
	repo, done := keepOpen(repo)
	defer done()
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
