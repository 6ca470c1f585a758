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

// headSHA returns the commit branch points at, or "" when the branch has no commit yet.
func (g gitTool) headSHA(dir, branch string) (string, error) {
	out, err := g.run(dir, nil, "for-each-ref", "--format=%(objectname)", "refs/heads/"+branch)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// treeEntry is one path of a commit: its git mode and content (the link target for a
// symlink).
type treeEntry struct {
	mode    string
	content string
}

// commit writes one commit on branch with git fast-import, which sets modes exactly
// (100644, 100755, 120000) without a work tree, whatever the file system supports, and
// takes the author and date from the stream rather than from any configuration.
func (g gitTool) commit(dir, branch, parent, message string, when time.Time, entries map[string]treeEntry) (string, error) {
	// git commit -m ends the message with a newline; doing the same gives the SHA that
	// git add and git commit with the same identity and date would give.
	message += "\n"
	var b bytes.Buffer
	stamp := fmt.Sprintf("%s <%s> %d +0000", commitName, commitEmail, when.Unix())
	fmt.Fprintf(&b, "commit refs/heads/%s\nauthor %s\ncommitter %s\ndata %d\n%s", branch, stamp, stamp, len(message), message)
	if parent != "" {
		fmt.Fprintf(&b, "from %s\n", parent)
	}
	paths := make([]string, 0, len(entries))
	for p := range entries {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		e := entries[p]
		fmt.Fprintf(&b, "M %s inline %s\ndata %d\n%s\n", e.mode, quotePath(p), len(e.content), e.content)
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
	if status, ok := s.takeFault(r.URL.Path); ok {
		s.mu.Unlock()
		http.Error(w, statusMessage(status), status)
		return
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
