package history

import (
	"context"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	fdiff "github.com/go-git/go-git/v5/plumbing/format/diff"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/merkletrie"
)

// maxRenameCandidates bounds the files added or deleted by one commit among
// which renames are looked for: pairing them costs added × deleted
// comparisons, each reading both files. Above it, a moved file counts as
// added.
const maxRenameCandidates = 100

// renameOptions are go-git's default rename detection, bounded.
var renameOptions = &object.DiffTreeOptions{DetectRenames: true, RenameScore: 60, RenameLimit: maxRenameCandidates}

// commitStats is what one commit's diff against its first parent says.
type commitStats struct {
	// files are the paths changed, as named after the change (before it,
	// for a deletion).
	files []string
	// added counts the lines added in the files diffed.
	added int
	// perFile counts them per path (as named after the change), for
	// RepoHistory.FileLines.
	perFile map[string]int
	// skipped counts changes not diffed because a version of the file is
	// over Options.MaxDiffBlobBytes.
	skipped int
	// tooLarge is set when the changes to diff add up to more than
	// Options.MaxCommitDiffBytes: no line is counted.
	tooLarge bool
}

// sizeFunc tells a blob's size.
type sizeFunc func(plumbing.Hash) (int64, error)

// blobSizer tells blob sizes from the object headers where the storage can
// (go-git's filesystem storage reads a packed object's size without
// inflating it), else from the object.
func blobSizer(repo *git.Repository) sizeFunc {
	if s, ok := repo.Storer.(interface {
		EncodedObjectSize(plumbing.Hash) (int64, error)
	}); ok {
		return s.EncodedObjectSize
	}
	return func(h plumbing.Hash) (int64, error) {
		o, err := repo.Storer.EncodedObject(plumbing.BlobObject, h)
		if err != nil {
			return 0, err
		}
		return o.Size(), nil
	}
}

// commitLines lists the files a commit changed and counts the lines it
// added, like go-git's Commit.StatsContext, but with every file's size
// checked before it is read and one file's diff in memory at a time.
func commitLines(ctx context.Context, c *object.Commit, size sizeFunc, opts Options) (commitStats, error) {
	var st commitStats
	tree, err := c.Tree()
	if err != nil {
		return st, err
	}
	parentTree := &object.Tree{}
	if c.NumParents() > 0 {
		p, err := c.Parent(0)
		if err != nil {
			return st, err
		}
		if parentTree, err = p.Tree(); err != nil {
			return st, err
		}
	}
	// The tree diff reads trees only; renames are paired below, among the
	// changes small enough to read.
	changes, err := object.DiffTreeWithOptions(ctx, parentTree, tree, nil)
	if err != nil {
		return st, err
	}
	var diffable object.Changes
	var total int64
	adds, dels := 0, 0
	for i, ch := range changes {
		if i%1000 == 999 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
		name := ch.To.Name
		if name == "" {
			name = ch.From.Name
		}
		st.files = append(st.files, name)
		var bytes int64
		large := false
		for _, e := range []object.ChangeEntry{ch.From, ch.To} {
			if e.Name == "" || e.TreeEntry.Mode == filemode.Submodule || !e.TreeEntry.Mode.IsFile() {
				continue
			}
			n, err := size(e.TreeEntry.Hash)
			if err != nil {
				return st, err
			}
			bytes += n
			large = large || n > opts.MaxDiffBlobBytes
		}
		if large {
			st.skipped++
			continue
		}
		total += bytes
		diffable = append(diffable, ch)
		switch action, _ := ch.Action(); action {
		case merkletrie.Insert:
			adds++
		case merkletrie.Delete:
			dels++
		}
	}
	if total > opts.MaxCommitDiffBytes {
		st.tooLarge = true
		return st, nil
	}
	if adds > 0 && dels > 0 && adds <= maxRenameCandidates && dels <= maxRenameCandidates {
		if diffable, err = object.DetectRenames(diffable, renameOptions); err != nil {
			return st, err
		}
	}
	for _, ch := range diffable {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		patch, err := ch.PatchContext(ctx)
		if err != nil {
			return st, err
		}
		n := addedLines(patch.FilePatches())
		st.added += n
		if name := changeName(ch); n > 0 && name != "" {
			if st.perFile == nil {
				st.perFile = map[string]int{}
			}
			st.perFile[name] += n
		}
	}
	return st, nil
}

// addedLines counts added lines as go-git's file statistics do: a chunk's
// lines, its last one counted even without a newline.
func addedLines(fps []fdiff.FilePatch) int {
	n := 0
	for _, fp := range fps {
		for _, chunk := range fp.Chunks() {
			s := chunk.Content()
			if chunk.Type() != fdiff.Add || len(s) == 0 {
				continue
			}
			n += strings.Count(s, "\n")
			if s[len(s)-1] != '\n' {
				n++
			}
		}
	}
	return n
}

// changeName is the path a change is counted under: its name after the
// change, or before it for a deletion.
func changeName(ch *object.Change) string {
	if ch.To.Name != "" {
		return ch.To.Name
	}
	return ch.From.Name
}
