package githubtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// historyEpoch is the date of the Nth commit of a scripted history that sets none:
// historyEpoch plus N hours.
var historyEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Commit is one commit of a repository's scripted history. Commits with the same
// parent, content, identities, dates and message have the same SHA, in any repository:
// that is how a fork shares its upstream's commits.
type Commit struct {
	// Message is the commit message; "" means "commit N", N being the commit's
	// position on the branch, counted from 1.
	Message string
	// AuthorName "" means "githubtest"; AuthorEmail "" is an empty email, which git
	// allows ("githubtest <>") and GitHub attributes to no one.
	AuthorName, AuthorEmail string
	// AuthorDate zero means 2024-01-01T00:00:00Z plus N hours. Its zone is kept as the
	// commit's UTC offset. Dates before 1970 are refused: git cannot store them.
	AuthorDate time.Time
	// CommitterName and CommitterEmail "" mean the author's.
	CommitterName, CommitterEmail string
	// CommitDate zero means AuthorDate.
	CommitDate time.Time
	// Files maps a path to the content added or overwritten at this commit (mode 100644).
	Files map[string]string
	// Delete lists files, or directories with everything in them, removed at this
	// commit, before Files and Symlinks are applied.
	Delete []string
	// Symlinks maps a path to a link target added or overwritten at this commit.
	Symlinks map[string]string
	// Executable lists paths of this commit's Files written with mode 100755.
	Executable []string
}

// ForkHistory returns the history of a fork made from upstream that then added extra:
// a copy of upstream followed by extra. The copied commits get the same SHAs as the
// upstream's, so the fork shares them; give extra commits content of their own, since
// an extra commit equal to the upstream's commit at the same position has its SHA too.
func ForkHistory(upstream []Commit, extra ...Commit) []Commit {
	return append(slices.Clone(upstream), extra...)
}

// AppendCommits adds commits on top of the default branch of owner/name (as its first
// commits when the repository is empty) and returns the new head SHA. N, for the
// defaults of Commit, continues from the commits already on the branch. As a push
// would, it moves pushed_at and updated_at one minute later.
func (s *Server) AppendCommits(owner, name string, commits ...Commit) string {
	s.t.Helper()
	if len(commits) == 0 {
		s.t.Fatalf("githubtest: AppendCommits %s/%s: no commits", owner, name)
	}
	s.gitMu.Lock()
	defer s.gitMu.Unlock()
	rec := s.lookupRepo(owner, name)
	s.mu.Lock()
	dir, branch, count, tree := rec.dir, rec.repo.DefaultBranch, rec.commits, maps.Clone(rec.tree)
	s.mu.Unlock()
	staged, tree, err := stageHistory(tree, count+1, commits)
	if err != nil {
		s.t.Fatalf("githubtest: AppendCommits %s/%s: %v", owner, name, err)
	}
	parent, err := s.git.headSHA(dir, branch)
	if err != nil {
		s.t.Fatalf("githubtest: AppendCommits %s/%s: %v", owner, name, err)
	}
	sha, err := s.git.writeCommits(dir, branch, parent, staged)
	if err != nil {
		s.t.Fatalf("githubtest: AppendCommits %s/%s: %v", owner, name, err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	rec.commits += len(commits)
	rec.tree = tree
	if rec.autoSize {
		rec.repo.SizeKB = treeSizeKB(tree)
	}
	rec.repo.PushedAt = rec.repo.PushedAt.Add(time.Minute)
	rec.repo.UpdatedAt = rec.repo.UpdatedAt.Add(time.Minute)
	return sha
}

// stageHistory validates commits, fills in their defaults, the Nth (counted from 1)
// being commits[0], and applies them to tree, which it returns updated; a tree in which
// a path is both a file and a directory is refused rather than left to git to resolve.
func stageHistory(tree map[string]treeEntry, first int, commits []Commit) ([]stagedCommit, map[string]treeEntry, error) {
	if tree == nil {
		tree = map[string]treeEntry{}
	}
	staged := make([]stagedCommit, 0, len(commits))
	for i, c := range commits {
		n := first + i
		sc, err := stageCommit(tree, n, c)
		if err != nil {
			return nil, nil, fmt.Errorf("commit %d: %w", n, err)
		}
		staged = append(staged, sc)
	}
	return staged, tree, nil
}

// stageCommit validates c, the Nth commit, fills in its defaults and applies it to tree.
func stageCommit(tree map[string]treeEntry, n int, c Commit) (stagedCommit, error) {
	if c.Message == "" {
		c.Message = fmt.Sprintf("commit %d", n)
	}
	if c.AuthorName == "" {
		c.AuthorName = commitName
	}
	if c.AuthorDate.IsZero() {
		c.AuthorDate = historyEpoch.Add(time.Duration(n) * time.Hour)
	}
	if c.CommitterName == "" {
		c.CommitterName = c.AuthorName
	}
	if c.CommitterEmail == "" {
		c.CommitterEmail = c.AuthorEmail
	}
	if c.CommitDate.IsZero() {
		c.CommitDate = c.AuthorDate
	}
	for _, id := range []string{c.AuthorName, c.AuthorEmail, c.CommitterName, c.CommitterEmail} {
		if strings.ContainsAny(id, "<>\n\x00") {
			return stagedCommit{}, fmt.Errorf("identity %q contains <, >, a newline or NUL", id)
		}
	}
	for _, d := range []time.Time{c.AuthorDate, c.CommitDate} {
		if d.Unix() < 0 {
			return stagedCommit{}, fmt.Errorf("date %s is before 1970, which git cannot store", d.Format(time.RFC3339))
		}
	}
	if strings.ContainsRune(c.Message, 0) {
		return stagedCommit{}, fmt.Errorf("message contains NUL")
	}

	for p := range c.Files {
		if _, ok := c.Symlinks[p]; ok {
			return stagedCommit{}, fmt.Errorf("%q is both in Files and in Symlinks", p)
		}
	}
	for _, p := range c.Executable {
		if _, ok := c.Files[p]; !ok {
			return stagedCommit{}, fmt.Errorf("path %q of Executable is not in Files", p)
		}
	}
	sets := treeEntries(c.Files, c.Symlinks, c.Executable)
	for p := range sets {
		if err := checkPath(p); err != nil {
			return stagedCommit{}, err
		}
	}
	for _, p := range c.Delete {
		if err := checkPath(p); err != nil {
			return stagedCommit{}, err
		}
		if !deleteFromTree(tree, p) {
			return stagedCommit{}, fmt.Errorf("deleted path %q: no such file or directory", p)
		}
	}
	maps.Copy(tree, sets)
	if err := checkTree(tree); err != nil {
		return stagedCommit{}, err
	}
	return stagedCommit{
		author:    signature{name: c.AuthorName, email: c.AuthorEmail, when: c.AuthorDate},
		committer: signature{name: c.CommitterName, email: c.CommitterEmail, when: c.CommitDate},
		message:   c.Message,
		deletes:   slices.Clone(c.Delete),
		sets:      sets,
	}, nil
}

// deleteFromTree removes the file p, or everything under the directory p, and reports
// whether anything was removed.
func deleteFromTree(tree map[string]treeEntry, p string) bool {
	removed := false
	for q := range tree {
		if q == p || strings.HasPrefix(q, p+"/") {
			delete(tree, q)
			removed = true
		}
	}
	return removed
}

// setInTree writes e at p as git fast-import does: a file in the way of p's directories,
// or a directory at p, is replaced.
func setInTree(tree map[string]treeEntry, p string, e treeEntry) {
	for dir := p; strings.Contains(dir, "/"); {
		dir = dir[:strings.LastIndex(dir, "/")]
		delete(tree, dir)
	}
	deleteFromTree(tree, p)
	tree[p] = e
}

// treeSizeKB is the total size of the regular files of tree in KB, rounded up, like
// the API's "size".
func treeSizeKB(tree map[string]treeEntry) int {
	total := 0
	for _, e := range tree {
		if e.mode != "120000" && e.mode != gitlinkMode {
			total += len(e.content)
		}
	}
	return (total + 1023) / 1024
}

// commitLog returns tip and its ancestors in the repository at dir, newest first as
// git log lists them. Commit objects are immutable, so they are parsed once per server
// and shared by every repository that has them.
func (s *Server) commitLog(dir, tip string) ([]*gitCommit, error) {
	shas, err := s.git.revList(dir, tip)
	if err != nil {
		return nil, err
	}
	s.cacheMu.Lock()
	var missing []string
	for _, sha := range shas {
		if s.commitCache[sha] == nil {
			missing = append(missing, sha)
		}
	}
	s.cacheMu.Unlock()
	read, err := s.git.catCommits(dir, missing)
	if err != nil {
		return nil, err
	}
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	for _, c := range read {
		s.commitCache[c.sha] = c
	}
	log := make([]*gitCommit, len(shas))
	for i, sha := range shas {
		log[i] = s.commitCache[sha]
	}
	return log, nil
}
