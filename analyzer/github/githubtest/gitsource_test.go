package githubtest_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

func TestGitSourceServesARealHistory(t *testing.T) {
	src := t.TempDir()
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "HOME="+src, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com", "GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "trunk")
	for _, f := range []string{"a.py", "b.py", "c.py"} {
		if err := os.WriteFile(src+"/"+f, []byte("x = 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		git("add", f)
		git("commit", "-q", "-m", "add "+f)
	}
	// A side branch and a tag, which the copy leaves out.
	git("branch", "side")
	git("tag", "v1")
	head := git("rev-parse", "HEAD")

	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "ada"})
	s.AddRepo("ada", githubtest.Repo{Name: "real", Language: "Python", GitSource: src})
	if got := s.HeadSHA("ada", "real"); got != head {
		t.Errorf("head %s, want the source's %s", got, head)
	}
	commits, _ := allCommits(t, newPlainClient(t, s), "ada", "real", github.CommitsListOptions{})
	if len(commits) != 3 || commits[0].GetSHA() != head {
		t.Errorf("%d commits served, want the source's 3 with its head first", len(commits))
	}
	out, err := exec.Command("git", "ls-remote", s.CloneURL("ada", "real")).CombinedOutput()
	if err != nil {
		t.Fatalf("git ls-remote: %v\n%s", err, out)
	}
	if refs := string(out); !strings.Contains(refs, "refs/heads/main") || strings.Contains(refs, "side") || strings.Contains(refs, "v1") {
		t.Errorf("served refs:\n%s\nwant the source's HEAD as main, no other branch or tag", refs)
	}

	rec := &fatalRecorder{TB: t}
	bad := githubtest.New(rec)
	bad.AddUser(githubtest.User{Login: "ada"})
	if got := rec.fatalOf(func() {
		bad.AddRepo("ada", githubtest.Repo{Name: "x", GitSource: src, Files: map[string]string{"a": ""}})
	}); !strings.Contains(got, "GitSource is set") {
		t.Errorf("GitSource with Files: Fatalf message %q", got)
	}
	if got := rec.fatalOf(func() {
		bad.AddRepo("ada", githubtest.Repo{Name: "y", GitSource: t.TempDir()})
	}); got == "" {
		t.Error("a GitSource that is not a repository was accepted")
	}
}
