package history

import (
	"bytes"
	"context"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/merkletrie"
	"github.com/sergi/go-diff/diffmatchpatch"
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
	// skipped counts changes not diffed because a version of the file is
	// over Options.MaxDiffBlobBytes.
	skipped int
	// tooLarge is set when the changes to diff add up to more than
	// Options.MaxCommitDiffBytes: no line is counted.
	tooLarge bool
}

// lineCounter counts the lines commits add. It keeps the previous
// commit's file versions: walking newest first, the versions a commit
// changed from are the ones its parent changed to, so each version is
// read and inflated once.
type lineCounter struct {
	repo *git.Repository
	size sizeFunc
	// prev holds the contents read for the previous commit, this one's.
	prev, cur map[plumbing.Hash]blobText
}

// blobText is a file version's content, or that it is binary.
type blobText struct {
	text   string
	binary bool
}

func newLineCounter(repo *git.Repository) *lineCounter {
	return &lineCounter{repo: repo, size: blobSizer(repo), prev: map[plumbing.Hash]blobText{}, cur: map[plumbing.Hash]blobText{}}
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
// added, as go-git's Commit.StatsContext counts them, but with every
// file's size checked before it is read, one file's diff in memory at a
// time, and no patch built (see changeLines).
func (lc *lineCounter) commitLines(ctx context.Context, c *object.Commit, opts Options) (commitStats, error) {
	cl, err := lc.listChanges(ctx, c, opts)
	if err != nil || cl.tooLarge {
		return cl.commitStats, err
	}
	st := cl.commitStats
	lc.prev, lc.cur = lc.cur, lc.prev
	clear(lc.cur)
	for _, ch := range cl.diffable {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		n, err := lc.changeLines(ch)
		if err != nil {
			return st, err
		}
		st.added += n
	}
	return st, nil
}

// changeList is a commit's changes: the files named, and the changes
// small enough to diff, renames paired.
type changeList struct {
	commitStats
	diffable object.Changes
}

// listChanges diffs a commit's tree with its first parent's, checks the
// sizes of the changed files against the bounds of opts without reading
// them, and pairs renames among the changes small enough to read.
func (lc *lineCounter) listChanges(ctx context.Context, c *object.Commit, opts Options) (changeList, error) {
	var cl changeList
	st := &cl.commitStats
	tree, err := c.Tree()
	if err != nil {
		return cl, err
	}
	parentTree := &object.Tree{}
	if c.NumParents() > 0 {
		p, err := c.Parent(0)
		if err != nil {
			return cl, err
		}
		if parentTree, err = p.Tree(); err != nil {
			return cl, err
		}
	}
	// The tree diff reads trees only, and skips subtrees whose hashes
	// are equal; renames are paired below, among the changes small
	// enough to read.
	changes, err := object.DiffTreeWithOptions(ctx, parentTree, tree, nil)
	if err != nil {
		return cl, err
	}
	var diffable object.Changes
	var total int64
	adds, dels := 0, 0
	for i, ch := range changes {
		if i%1000 == 999 {
			if err := ctx.Err(); err != nil {
				return cl, err
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
			n, err := lc.size(e.TreeEntry.Hash)
			if err != nil {
				return cl, err
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
		return cl, nil
	}
	if adds > 0 && dels > 0 && adds <= maxRenameCandidates && dels <= maxRenameCandidates {
		if diffable, err = object.DetectRenames(diffable, renameOptions); err != nil {
			return cl, err
		}
	}
	cl.diffable = diffable
	return cl, nil
}

// changeLines counts the lines one file change added exactly as go-git's
// patch of it does (Change.PatchContext, then a count of the added
// chunks' lines), without building the patch: the same line diff of the
// same library with the same settings (go-git's utils/diff.Do: lines
// mapped to runes, diffmatchpatch's DiffMainRunes with a one-hour
// timeout), its inserted runes counted, one per added line. A version
// that is binary (a NUL byte in its first 8,000 bytes, go-git's test)
// makes a patch without chunks: no line. A deletion, or a change that
// keeps the content (a mode change, a pure rename), adds none and is not
// read; a new file adds all its lines, counted without a diff.
func (lc *lineCounter) changeLines(ch *object.Change) (int, error) {
	from, to := ch.From, ch.To
	if to.Name == "" || from.Name != "" && from.TreeEntry.Hash == to.TreeEntry.Hash {
		return 0, nil
	}
	// go-git reads neither side when either is not a file (a submodule's
	// commit): its patch has no lines.
	if !to.TreeEntry.Mode.IsFile() || from.Name != "" && !from.TreeEntry.Mode.IsFile() {
		return 0, nil
	}
	b, err := lc.read(to)
	if err != nil || b.binary {
		return 0, err
	}
	if from.Name == "" {
		// A new file: the diff inserts every line.
		return countLines(b.text), nil
	}
	a, err := lc.read(from)
	if err != nil || a.binary {
		return 0, err
	}
	return addedLines(a.text, b.text), nil
}

// countLines counts lines as the line diff splits them: each ends with a
// newline but the last, which may not.
func countLines(s string) int {
	n := strings.Count(s, "\n")
	if s != "" && s[len(s)-1] != '\n' {
		n++
	}
	return n
}

// binarySniffLen is how much of a file go-git reads to tell whether it is
// binary (utils/binary.IsBinary).
const binarySniffLen = 8000

// read returns the content of one side of a change, empty for a side
// that does not exist, as go-git's Change.Files and File.Contents do.
func (lc *lineCounter) read(e object.ChangeEntry) (blobText, error) {
	if e.Name == "" {
		return blobText{}, nil
	}
	h := e.TreeEntry.Hash
	if t, ok := lc.prev[h]; ok {
		lc.cur[h] = t
		return t, nil
	}
	if t, ok := lc.cur[h]; ok {
		return t, nil
	}
	blob, err := object.GetBlob(lc.repo.Storer, h)
	if err != nil {
		return blobText{}, err
	}
	r, err := blob.Reader()
	if err != nil {
		return blobText{}, err
	}
	data, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return blobText{}, err
	}
	t := blobText{binary: bytes.IndexByte(data[:min(len(data), binarySniffLen)], 0) >= 0}
	if !t.binary {
		t.text = string(data)
	}
	lc.cur[h] = t
	return t, nil
}

// addedLines counts the lines of to that the line diff from from marks
// as inserted.
func addedLines(from, to string) int {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = time.Hour // go-git's utils/diff.Do
	a, b, _ := dmp.DiffLinesToRunes(from, to)
	n := 0
	for _, d := range dmp.DiffMainRunes(a, b, false) {
		if d.Type == diffmatchpatch.DiffInsert {
			n += utf8.RuneCountInString(d.Text)
		}
	}
	return n
}
