package history

import (
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

// lineCounter counts the lines commits add. It keeps the file versions
// read most recently (blobCache): walking newest first, the version a
// commit changed a file from is the one an older commit changed it to,
// so each version is read, inflated and split into lines once while it
// stays in the cache. It keeps the trees decoded likewise (treeDiffer).
type lineCounter struct {
	repo *git.Repository
	size sizeFunc
	// trees diffs the commits' trees.
	trees *treeDiffer
	// commits are the walked commits by hash (may be nil), where a
	// commit's parent is looked up before the object store.
	commits map[plumbing.Hash]*object.Commit
	// blobs holds the versions read most recently.
	blobs *blobCache
	// sizes holds the sizes of the versions looked up, each looked up
	// twice like the versions themselves; up to maxSizeCache of them.
	sizes map[plumbing.Hash]int64
	// lines numbers every distinct line read, as a rune (see lineRunes);
	// gen counts its resets.
	lines map[string]rune
	gen   int
	// tableSize and tableRunes are maxLineTable and maxLineRunes, which
	// a test makes small.
	tableSize, tableRunes int
}

// blobText is a file version's content, or that it is binary, and its
// lines as runes of generation gen of the line table.
type blobText struct {
	text   string
	binary bool
	runes  []rune
	gen    int
}

// maxLineTable bounds the distinct lines numbered before the table starts
// again (between commits), so that its memory stays a few tens of MB
// whatever the history holds; maxLineRunes is the number of runes
// available (every code point but the surrogates, which a Go string
// cannot hold).
const (
	maxLineTable = 1 << 18
	maxLineRunes = utf8.MaxRune + 1 - (0xE000 - 0xD800)
)

func newLineCounter(repo *git.Repository) *lineCounter {
	return &lineCounter{repo: repo, size: blobSizer(repo), trees: newTreeDiffer(repo.Storer), blobs: newBlobCache(maxBlobCacheBytes), sizes: map[plumbing.Hash]int64{},
		lines: map[string]rune{}, tableSize: maxLineTable, tableRunes: maxLineRunes}
}

// sizeFunc tells a blob's size.
type sizeFunc func(plumbing.Hash) (int64, error)

// maxSizeCache bounds the sizes kept (about 50 bytes each): the cache
// starts again empty when full.
const maxSizeCache = 1 << 16

// blobSize tells the size of the version h, from the sizes kept or from
// the object store.
func (lc *lineCounter) blobSize(h plumbing.Hash) (int64, error) {
	if n, ok := lc.sizes[h]; ok {
		return n, nil
	}
	n, err := lc.size(h)
	if err != nil {
		return 0, err
	}
	if len(lc.sizes) >= maxSizeCache {
		clear(lc.sizes)
	}
	lc.sizes[h] = n
	return n, nil
}

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
	if len(lc.lines) > lc.tableSize {
		lc.resetLines()
	}
	for _, ch := range cl.diffable {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		n, err := lc.changeLines(ch)
		if err != nil {
			return st, err
		}
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
	from, err := lc.parentTree(c)
	if err != nil {
		return changeList{}, err
	}
	// The tree diff reads trees only, and skips subtrees whose hashes
	// are equal; renames are paired below, among the changes small
	// enough to read.
	changes, err := lc.trees.diff(ctx, from, c.TreeHash)
	if err != nil {
		return changeList{}, err
	}
	return lc.sizeChanges(ctx, changes, opts)
}

// parentTree is the hash of the tree of c's first parent, zero (the empty
// tree) for a root commit. The parent is usually among the commits
// walked, whose objects are at hand.
func (lc *lineCounter) parentTree(c *object.Commit) (plumbing.Hash, error) {
	if c.NumParents() == 0 {
		return plumbing.ZeroHash, nil
	}
	if p, ok := lc.commits[c.ParentHashes[0]]; ok {
		return p.TreeHash, nil
	}
	// Through this counter's own store handle, not the commit's: the
	// counters of one walk may run in parallel.
	p, err := object.GetCommit(lc.repo.Storer, c.ParentHashes[0])
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return p.TreeHash, nil
}

// sizeChanges names the files of a commit's changes, checks their sizes
// against the bounds of opts, and pairs renames among the changes small
// enough to read.
func (lc *lineCounter) sizeChanges(ctx context.Context, changes object.Changes, opts Options) (changeList, error) {
	var cl changeList
	st := &cl.commitStats
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
			n, err := lc.blobSize(e.TreeEntry.Hash)
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
		var err error
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
// same library with the same settings as go-git's utils/diff.Do
// (diffmatchpatch's DiffMainRunes on the lines as runes, with a one-hour
// timeout), its inserted runes counted, one per added line. go-git
// numbers the lines of each pair of versions afresh (DiffLinesToRunes,
// most of the cost of a diff); here one table numbers the lines of every
// version read, so each version is split once. The diff compares runes
// for equality only (prefixes, suffixes, substrings, the bisection, and
// the cleanup's byte-wise prefix and suffix tests, which on valid UTF-8
// agree with rune-wise ones), so any numbering that gives equal lines,
// and only them, equal runes gives the same diff. TestLinesMatchGoGitPatches
// checks the counts against go-git's patches.
//
// A version that is binary (a NUL byte in its first 8,000 bytes, go-git's
// test) makes a patch without chunks: no line. A deletion, or a change
// that keeps the content (a mode change, a pure rename), adds none and is
// not read; a new file adds all its lines, counted without a diff.
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
	ra, rb, ok := lc.lineRunes(a), lc.lineRunes(b), true
	if ra == nil && a.text != "" || rb == nil && b.text != "" || a.gen != b.gen {
		ok = false
	}
	if !ok {
		// The table filled up within this commit: number the pair in a
		// fresh one.
		lc.resetLines()
		ra, rb = lc.lineRunes(a), lc.lineRunes(b)
		if ra == nil && a.text != "" || rb == nil && b.text != "" {
			// Too many distinct lines for any table: go-git's own
			// numbering of the pair.
			ra, rb, _ = diffmatchpatch.New().DiffLinesToRunes(a.text, b.text)
		}
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = time.Hour // go-git's utils/diff.Do
	n := 0
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		if d.Type == diffmatchpatch.DiffInsert {
			n += utf8.RuneCountInString(d.Text)
		}
	}
	return n, nil
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

// lineRunes returns t's lines as runes of the current line table,
// numbering the lines not seen before; nil when the table has no room
// left for them.
func (lc *lineCounter) lineRunes(t *blobText) []rune {
	if t.gen == lc.gen && t.runes != nil {
		return t.runes
	}
	out := make([]rune, 0, countLines(t.text))
	for rest := t.text; rest != ""; {
		i := strings.IndexByte(rest, '\n') + 1
		if i == 0 {
			i = len(rest)
		}
		line := rest[:i]
		rest = rest[i:]
		r, ok := lc.lines[line]
		if !ok {
			n := len(lc.lines)
			if n >= lc.tableRunes {
				return nil
			}
			r = rune(n)
			if r >= 0xD800 {
				r += 0xE000 - 0xD800
			}
			// A copy, so that the table keeps no version's text alive.
			lc.lines[strings.Clone(line)] = r
		}
		out = append(out, r)
	}
	t.runes, t.gen = out, lc.gen
	return out
}

// resetLines starts a new line table; the runes of versions already split
// are then out of date.
func (lc *lineCounter) resetLines() {
	clear(lc.lines)
	lc.gen++
}

// binarySniffLen is how much of a file go-git reads to tell whether it is
// binary (utils/binary.IsBinary).
const binarySniffLen = 8000

// read returns the content of one side of a change, as go-git's
// Change.Files and File.Contents do.
func (lc *lineCounter) read(e object.ChangeEntry) (*blobText, error) {
	h := e.TreeEntry.Hash
	if t, ok := lc.blobs.get(h); ok {
		return t, nil
	}
	blob, err := object.GetBlob(lc.repo.Storer, h)
	if err != nil {
		return nil, err
	}
	r, err := blob.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// Read straight into the string kept (one copy of the content), and
	// no further than the sniffed bytes of a binary file.
	var b strings.Builder
	b.Grow(int(min(max(blob.Size, 0), 1<<30)))
	if _, err := io.CopyN(&b, r, binarySniffLen); err != nil && err != io.EOF {
		return nil, err
	}
	t := &blobText{binary: strings.IndexByte(b.String(), 0) >= 0}
	if !t.binary {
		if _, err := io.Copy(&b, r); err != nil {
			return nil, err
		}
		t.text = b.String()
	}
	lc.blobs.put(h, t)
	return t, nil
}

// changeName is the path a change is counted under: its name after the
// change, or before it for a deletion.
func changeName(ch *object.Change) string {
	if ch.To.Name != "" {
		return ch.To.Name
	}
	return ch.From.Name
}
