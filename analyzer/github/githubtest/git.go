package githubtest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Commit identity and clock: every commit the fake writes uses them, so the same files
// always give the same SHAs, whatever the machine's git configuration.
const (
	commitName  = "githubtest"
	commitEmail = "githubtest@example.invalid"
)

// commitEpoch is the date of a repository's first commit; each later commit is one
// minute after the previous one.
var commitEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// gitTool locates the git CLI and holds the isolated environment every git process of
// the fake runs in.
type gitTool struct {
	bin     string // path of the git binary; "" when git is missing
	missing error  // why git cannot be used
	backend *cgi.Handler
	home    string
}

// newGitTool finds git and prepares git http-backend behind net/http/cgi. A missing git
// is not fatal here: REST-only tests need no git, so only AddRepo reports it.
func newGitTool(root, home string) gitTool {
	bin, err := exec.LookPath("git")
	if err != nil {
		return gitTool{missing: fmt.Errorf("git CLI not found: %w", err)}
	}
	g := gitTool{bin: bin, home: home}
	execPath, err := g.run("", nil, "--exec-path")
	if err != nil {
		return gitTool{missing: fmt.Errorf("git --exec-path: %w", err)}
	}
	g.backend = &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(execPath), "git-http-backend"),
		// PATH_INFO is the URL path minus Root, so /git/o/n.git/info/refs reaches
		// http-backend as /o/n.git/info/refs, relative to GIT_PROJECT_ROOT.
		Root: "/git",
		Env: append([]string{
			"GIT_PROJECT_ROOT=" + root,
			"GIT_HTTP_EXPORT_ALL=1",
		}, g.isolation()...),
	}
	return g
}

// isolation keeps git away from the user's and the system's configuration, and from
// any GIT_DIR or similar inherited from a surrounding git hook.
func (g gitTool) isolation() []string {
	return []string{
		"HOME=" + g.home,
		"XDG_CONFIG_HOME=" + filepath.Join(g.home, ".config"),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_TERMINAL_PROMPT=0",
		"LC_ALL=C",
	}
}

// run executes git in dir with a clean environment and returns its standard output.
func (g gitTool) run(dir string, stdin []byte, args ...string) (string, error) {
	cmd := exec.Command(g.bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, g.isolation()...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// initBare creates an empty bare repository whose HEAD names branch.
func (g gitTool) initBare(dir, branch string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	_, err := g.run("", nil, "init", "--bare", "--quiet", "--initial-branch="+branch, dir)
	return err
}

// copyHistory fetches the HEAD of the repository at src, with its whole history, into
// the bare repository dir as branch, and returns its number of commits.
func (g gitTool) copyHistory(src, dir, branch string) (int, error) {
	abs, err := filepath.Abs(src)
	if err != nil {
		return 0, err
	}
	if _, err := g.run(dir, nil, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", abs, "+HEAD:refs/heads/"+branch); err != nil {
		return 0, err
	}
	out, err := g.run(dir, nil, "rev-list", "--count", "refs/heads/"+branch)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(out))
}

// dirSizeKB is the size of the files under dir in KB, rounded up.
func dirSizeKB(dir string) int {
	var total int64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return int((total + 1023) / 1024)
}

// headSHA returns the commit branch points at, or "" when the branch has no commit yet.
func (g gitTool) headSHA(dir, branch string) (string, error) {
	out, err := g.run(dir, nil, "for-each-ref", "--format=%(objectname)", "refs/heads/"+branch)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// gitlinkMode is the mode of a submodule's entry: a commit of another repository.
const gitlinkMode = "160000"

// treeEntry is one path of a commit: its git mode and content (the link target for a
// symlink, the commit SHA for a gitlink).
type treeEntry struct {
	mode    string
	content string
}

// commit writes one commit on branch, authored and committed by the fake's own identity
// at when, that sets entries on top of parent's tree.
func (g gitTool) commit(dir, branch, parent, message string, when time.Time, entries map[string]treeEntry) (string, error) {
	sig := signature{name: commitName, email: commitEmail, when: when.UTC()}
	return g.writeCommits(dir, branch, parent, []stagedCommit{{author: sig, committer: sig, message: message, sets: entries}})
}

// signature is the author or the committer of a commit.
type signature struct {
	name, email string
	when        time.Time // its zone is the commit's offset
}

// String renders sig as git writes it: "NAME <EMAIL> UNIXTIME +HHMM".
func (sig signature) String() string {
	_, off := sig.when.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	off /= 60
	return fmt.Sprintf("%s <%s> %d %c%02d%02d", sig.name, sig.email, sig.when.Unix(), sign, off/60, off%60)
}

// stagedCommit is one commit for writeCommits: identities, message and the changes it
// makes to its parent's tree.
type stagedCommit struct {
	author, committer signature
	message           string
	deletes           []string // files or directories removed, applied before sets
	sets              map[string]treeEntry
}

// writeCommits writes commits as a linear sequence on branch, the first on top of parent
// ("" for a root commit), with one git fast-import, and returns the new tip. fast-import
// sets modes exactly (100644, 100755, 120000) without a work tree, whatever the file
// system supports, and takes identities and dates from the stream rather than from any
// configuration, so the same input always gives the same SHAs.
func (g gitTool) writeCommits(dir, branch, parent string, commits []stagedCommit) (string, error) {
	var b bytes.Buffer
	for i, c := range commits {
		// git commit -m ends the message with a newline; doing the same gives the SHA
		// that git add and git commit with the same identity and date would give.
		message := c.message
		if !strings.HasSuffix(message, "\n") {
			message += "\n"
		}
		fmt.Fprintf(&b, "commit refs/heads/%s\nauthor %s\ncommitter %s\ndata %d\n%s", branch, c.author, c.committer, len(message), message)
		if i == 0 && parent != "" {
			// Later commits of the stream continue the branch by themselves.
			fmt.Fprintf(&b, "from %s\n", parent)
		}
		for _, p := range c.deletes {
			fmt.Fprintf(&b, "D %s\n", quotePath(p))
		}
		paths := make([]string, 0, len(c.sets))
		for p := range c.sets {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			e := c.sets[p]
			if e.mode == gitlinkMode {
				// A gitlink names a commit by SHA; fast-import takes it as the data
				// reference and needs no object behind it.
				fmt.Fprintf(&b, "M %s %s %s\n", e.mode, e.content, quotePath(p))
				continue
			}
			fmt.Fprintf(&b, "M %s inline %s\ndata %d\n%s\n", e.mode, quotePath(p), len(e.content), e.content)
		}
	}
	b.WriteString("done\n")
	if _, err := g.run(dir, b.Bytes(), "fast-import", "--quiet", "--done"); err != nil {
		return "", err
	}
	return g.headSHA(dir, branch)
}

// quotePath writes p as git's C-style quoted string when fast-import needs it.
func quotePath(p string) string {
	if !strings.ContainsAny(p, "\"\\\n") {
		return p
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(p) + `"`
}

// checkPath reports why p cannot be a path committed to a repository.
func checkPath(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("empty path")
	case strings.HasPrefix(p, "/"), strings.HasSuffix(p, "/"):
		return fmt.Errorf("path %q must be relative and name a file", p)
	case path.Clean(p) != p:
		return fmt.Errorf("path %q is not clean (want %q)", p, path.Clean(p))
	case strings.ContainsRune(p, 0):
		return fmt.Errorf("path %q contains NUL", p)
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || part == "." || strings.EqualFold(part, ".git") {
			return fmt.Errorf("path %q has a forbidden component %q", p, part)
		}
	}
	return nil
}

// checkTree rejects a set of paths where one is a directory of another, which git
// would silently resolve by dropping a file.
func checkTree(entries map[string]treeEntry) error {
	for p := range entries {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if _, ok := entries[dir]; ok {
				return fmt.Errorf("path %q is both a file and the directory of %q", dir, p)
			}
		}
	}
	return nil
}

// serveGit answers git's smart HTTP protocol for /git/OWNER/NAME.git/... through git
// http-backend, after the fake's own checks (unknown repository, CloneStatus, private
// repository without credentials).
func (s *Server) serveGit(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.logRequest(r, r.URL.Path)
	f := s.takeFault(r.URL.Path)
	s.mu.Unlock()
	switch {
	case f == nil:
		s.serveGitRepo(w, r)
	case f.kind == faultStatus:
		http.Error(w, statusMessage(f.status), f.status)
	default:
		s.serveFault(w, r, f, func(w http.ResponseWriter) { s.serveGitRepo(w, r) })
	}
}

// serveGitRepo answers a git request that met no fault.
func (s *Server) serveGitRepo(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if after, ok := s.takeStall(r.URL.Path); ok {
		w = &stallingWriter{ResponseWriter: w, left: after, done: r.Context().Done(), closing: s.closing}
	}
	// Like GitHub, owner and name are case-insensitive and ".git" is optional.
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/git/"), "/", 3)
	var rec *repoRecord
	if len(parts) == 3 {
		rec = s.repos[repoKey(parts[0], strings.TrimSuffix(parts[1], ".git"))]
	}
	var (
		token     = s.token
		status    int
		canonical string
		private   bool
	)
	if rec != nil {
		status, private = rec.repo.CloneStatus, rec.repo.Private
		canonical = "/git/" + rec.owner + "/" + rec.repo.Name + ".git/" + parts[2]
	}
	s.mu.Unlock()

	switch {
	case rec == nil:
		http.Error(w, "Repository not found.", http.StatusNotFound)
		return
	case status != 0:
		http.Error(w, http.StatusText(status), status)
		return
	case private && !gitCredentialsMatch(r, token):
		w.Header().Set("WWW-Authenticate", `Basic realm="GitHub"`)
		http.Error(w, "Authentication failed.", http.StatusUnauthorized)
		return
	case s.git.backend == nil:
		http.Error(w, s.git.missing.Error(), http.StatusInternalServerError)
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = canonical
	r2.URL.RawPath = ""
	s.git.backend.ServeHTTP(w, r2)
}

// gitCredentialsMatch reports whether r carries credentials for a private repository:
// any credentials when no token is required, else the token as a bearer token or as
// either half of basic auth (GitHub accepts x-access-token:TOKEN and TOKEN:x-oauth-basic).
func gitCredentialsMatch(r *http.Request, token string) bool {
	if user, pass, ok := r.BasicAuth(); ok {
		return token == "" || user == token || pass == token
	}
	if r.Header.Get("Authorization") == "" {
		return false
	}
	return token == "" || tokenMatches(r.Header.Get("Authorization"), token)
}

// gitCommit is a commit object as read back from a repository.
type gitCommit struct {
	sha, tree         string
	parents           []string
	author, committer signature
	message           string // as GitHub shows it: without the final newline
}

// revList returns tip and its ancestors, newest first in git log's default order, in
// which a commit always comes before its parents whatever the dates say.
func (g gitTool) revList(dir, tip string) ([]string, error) {
	out, err := g.run(dir, nil, "rev-list", tip)
	if err != nil {
		return nil, err
	}
	return strings.Fields(out), nil
}

// catCommits reads the commit objects shas of the repository at dir.
func (g gitTool) catCommits(dir string, shas []string) ([]*gitCommit, error) {
	if len(shas) == 0 {
		return nil, nil
	}
	out, err := g.run(dir, []byte(strings.Join(shas, "\n")+"\n"), "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	commits := make([]*gitCommit, 0, len(shas))
	rest := out
	for range shas {
		// Each object is "SHA TYPE SIZE\n" then SIZE bytes and a newline.
		header, body, ok := strings.Cut(rest, "\n")
		fields := strings.Fields(header)
		if !ok || len(fields) != 3 || fields[1] != "commit" {
			return nil, fmt.Errorf("git cat-file: unexpected header %q", header)
		}
		size, err := strconv.Atoi(fields[2])
		if err != nil || size > len(body) {
			return nil, fmt.Errorf("git cat-file: bad size in %q", header)
		}
		c, err := parseCommit(fields[0], body[:size])
		if err != nil {
			return nil, err
		}
		commits = append(commits, c)
		rest = strings.TrimPrefix(body[size:], "\n")
	}
	return commits, nil
}

// parseCommit parses a raw commit object.
func parseCommit(sha, raw string) (*gitCommit, error) {
	c := &gitCommit{sha: sha}
	headers, message, _ := strings.Cut(raw, "\n\n")
	c.message = strings.TrimSuffix(message, "\n")
	for _, line := range strings.Split(headers, "\n") {
		key, value, _ := strings.Cut(line, " ")
		var err error
		switch key {
		case "tree":
			c.tree = value
		case "parent":
			c.parents = append(c.parents, value)
		case "author":
			c.author, err = parseSignature(value)
		case "committer":
			c.committer, err = parseSignature(value)
		}
		if err != nil {
			return nil, fmt.Errorf("commit %s: %w", sha, err)
		}
	}
	return c, nil
}

// parseSignature parses "NAME <EMAIL> UNIXTIME +HHMM".
func parseSignature(v string) (signature, error) {
	lt, gt := strings.Index(v, "<"), strings.LastIndex(v, ">")
	if lt < 0 || gt < lt {
		return signature{}, fmt.Errorf("bad signature %q", v)
	}
	fields := strings.Fields(v[gt+1:])
	if len(fields) != 2 || len(fields[1]) != 5 {
		return signature{}, fmt.Errorf("bad date in signature %q", v)
	}
	unix, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil {
		return signature{}, fmt.Errorf("bad date in signature %q", v)
	}
	hh, err1 := strconv.Atoi(fields[1][1:3])
	mm, err2 := strconv.Atoi(fields[1][3:5])
	if err1 != nil || err2 != nil {
		return signature{}, fmt.Errorf("bad zone in signature %q", v)
	}
	off := hh*3600 + mm*60
	if fields[1][0] == '-' {
		off = -off
	}
	return signature{
		name:  strings.TrimSpace(v[:lt]),
		email: v[lt+1 : gt],
		when:  time.Unix(unix, 0).In(time.FixedZone("", off)),
	}, nil
}

// resolveCommit returns the commit rev names in the repository at dir, or "" when it
// names none: rev is a branch or a full or abbreviated (at least 7 digits) commit SHA.
func (g gitTool) resolveCommit(dir, rev string) (string, error) {
	out, err := g.run(dir, nil, "for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/heads/")
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(out, "\n") {
		if branch, sha, ok := strings.Cut(line, " "); ok && branch == rev {
			return sha, nil
		}
	}
	if !isHex(rev) || len(rev) < 7 || len(rev) > 40 {
		return "", nil
	}
	// rev is hexadecimal, so git cannot take it for an option.
	out, err = g.run(dir, nil, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return "", nil // --verify --quiet fails silently on an unknown SHA
	}
	return strings.TrimSpace(out), nil
}

// isHex reports whether s is made of lower-case hexadecimal digits only.
func isHex(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return s != ""
}

// lineStats returns the lines added and removed by each commit reachable from tip that
// is not a merge, by SHA; binary files count no lines, as on GitHub.
func (g gitTool) lineStats(dir, tip string) (map[string][2]int, error) {
	out, err := g.run(dir, nil, "-c", "diff.renames=false", "log", "--no-merges", "--numstat", "--format=%x01%H", tip)
	if err != nil {
		return nil, err
	}
	stats := map[string][2]int{}
	var sha string
	for _, line := range strings.Split(out, "\n") {
		if h, ok := strings.CutPrefix(line, "\x01"); ok {
			sha = h
			stats[sha] = [2]int{}
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) != 3 || sha == "" {
			continue
		}
		added, err1 := strconv.Atoi(fields[0])
		removed, err2 := strconv.Atoi(fields[1])
		if err1 != nil || err2 != nil { // "-" for a binary file
			continue
		}
		s := stats[sha]
		stats[sha] = [2]int{s[0] + added, s[1] + removed}
	}
	return stats, nil
}
