package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/batch"
)

// addCandidate gives login one small Python repository with a test and CI.
func addCandidate(t *testing.T, s *githubtest.Server, login string) {
	t.Helper()
	s.AddUser(githubtest.User{Login: login})
	s.AddRepo(login, githubtest.Repo{
		Name: "tool", Language: "Python", PushedAt: day,
		Files: map[string]string{
			"tool/__init__.py":         "",
			"tool/core.py":             "from dataclasses import dataclass\n\n\n@dataclass\nclass Base:\n    x: int\n\n\nclass Child(Base):\n    def run(self) -> str:\n        return f\"{self.x}\"\n",
			"tests/test_core.py":       "from tool.core import Child\n\n\ndef test_run():\n    assert Child(1).run() == '1'\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n",
		},
	})
}

// summaryRows reads summary.csv into maps by column name.
func summaryRows(t *testing.T, dir string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, batch.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func countPrefix(s *githubtest.Server, from int, prefixes ...string) int {
	n := 0
	for _, r := range s.Requests()[from:] {
		for _, p := range prefixes {
			if strings.HasPrefix(r.Path, p) {
				n++
			}
		}
	}
	return n
}

// TestBatchFailuresRateLimitAndResume runs a shortlist with a good user,
// an unknown user, a user whose every clone fails and a rate limit that
// runs out halfway; then resumes it.
func TestBatchFailuresRateLimitAndResume(t *testing.T) {
	s := githubtest.New(t)
	for _, login := range []string{"alice", "dave", "erin"} {
		addCandidate(t, s, login)
	}
	s.AddUser(githubtest.User{Login: "broken"})
	for _, name := range []string{"a", "b"} {
		s.AddRepo("broken", githubtest.Repo{Name: name, Language: "Python", CloneStatus: 500, Files: map[string]string{"x.py": "x = 1\n"}})
	}
	s.ExhaustRateLimitAt("/users/dave")
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	list := filepath.Join(dir, "list.csv")
	csvText := "username,name,role,notes\r\nalice,\"Smith, Alice\",backend,\"=HYPERLINK(\"\"x\"\")\"\r\nghost,,,\r\nnot valid,,,\r\nbroken,,,\r\nALICE,,,\r\ndave,,,\r\nerin,,,\r\n"
	if err := os.WriteFile(list, []byte(csvText), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	args := []string{"batch", list, "--api-url", s.APIURL(), "--cache-dir", cache, "--out-dir", out, "--jobs", "1", "--no-history"}
	env := map[string]string{"GH_TOKEN": "t"}

	res := runCLI(t, env, args...)
	if res.code != exitError {
		t.Fatalf("exit %d, want 1\n%s", res.code, res.stderr)
	}
	for _, want := range []string{"line 4:", `"not valid" is not a GitHub username`, "line 6: ALICE is already on line 2", "ghost failed: no GitHub user", "rate limit ran out", "wrote " + filepath.Join(out, "index.html"), "2 candidates left"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	rows := summaryRows(t, out)
	got := map[string]string{}
	var order []string
	for _, r := range rows {
		got[r["username"]] = r["status"] + ": " + r["reason"]
		order = append(order, r["username"])
	}
	if want := []string{"alice", "ghost", "broken", "dave", "erin"}; !slices.Equal(order, want) {
		t.Errorf("summary rows %q, want %q (input order)", order, want)
	}
	for login, want := range map[string]string{"alice": "analysed: ", "ghost": `failed: no GitHub user "ghost"`, "broken": "failed: 2 Python repositories found and none could be analysed",
		"dave": "pending: not analysed yet: the rate limit ran out", "erin": "pending: not analysed yet: the rate limit ran out"} {
		if !strings.HasPrefix(got[login], want) {
			t.Errorf("%s: %q, want %q...", login, got[login], want)
		}
	}
	if a := rows[0]; a["name"] != "Smith, Alice" || a["notes"] != `'=HYPERLINK("x")` || a["python_repos"] != "1" || a["repos_with_tests"] != "1" || a["repos_with_ci"] != "1" || a["oop_depth"] != "2" || a["report"] != "alice.html" {
		t.Errorf("alice's row: %v", a)
	}
	for _, f := range []string{"alice.html", "alice.md", "alice.json", "broken.html", "broken.json", "index.html", batch.StateFile} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	// The shortlist's own columns head the candidate's reports.
	if md, err := os.ReadFile(filepath.Join(out, "alice.md")); err != nil || !strings.Contains(string(md), "From the shortlist: Smith, Alice (role: backend)") {
		t.Errorf("alice.md does not carry her shortlist row (%v)", err)
	}
	if md, err := os.ReadFile(filepath.Join(out, "broken.md")); err == nil && strings.Contains(string(md), "From the shortlist") {
		t.Error("broken.md has a shortlist line though its row has no name, role or notes")
	}
	for _, f := range []string{"ghost.html", "dave.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s written", f)
		}
	}
	st, err := batch.LoadState(out)
	if err != nil {
		t.Fatal(err)
	}
	if e := st.Candidates["alice"]; e == nil || len(e.Repos) != 1 || e.Repos[0].Commit != s.HeadSHA("alice", "tool") || e.Repos[0].Name != "alice/tool" {
		t.Errorf("alice's state entry: %+v", e)
	}
	if e := st.Candidates["ghost"]; e == nil || e.Reason == "" {
		t.Errorf("ghost's state entry: %+v", e)
	}
	if st.Candidates["dave"] != nil || st.Candidates["erin"] != nil {
		t.Error("pending candidates are in the state")
	}

	// The budget is back: the same command completes the missing
	// candidates and sends nothing for alice, REST or git.
	s.SetRateLimit(5000, 5000, time.Now().Add(time.Hour))
	before := len(s.Requests())
	res = runCLI(t, env, args...)
	if res.code != exitError { // ghost and broken still fail
		t.Fatalf("resume: exit %d\n%s", res.code, res.stderr)
	}
	if n := countPrefix(s, before, "/users/alice", "/repos/alice/", "/git/alice/"); n != 0 {
		t.Errorf("the resumed run sent %d requests for alice, done already", n)
	}
	if countPrefix(s, before, "/git/dave/") == 0 || countPrefix(s, before, "/git/erin/") == 0 {
		t.Error("the resumed run did not clone dave's and erin's repositories")
	}
	for _, r := range summaryRows(t, out) {
		want := map[string]string{"alice": "analysed", "ghost": "failed", "broken": "failed", "dave": "analysed", "erin": "analysed"}[r["username"]]
		if r["status"] != want {
			t.Errorf("after resume %s is %s, want %s", r["username"], r["status"], want)
		}
	}
	if !strings.Contains(res.stderr, "1 candidate analysed recently, kept") {
		t.Errorf("the resume does not say what it kept:\n%s", res.stderr)
	}

	// Near miss: --force analyses alice again, and so does a --max-age she
	// is older than. Her API answers may come fresh from the HTTP cache
	// (GitHub's max-age=60), so the sign is a new analysis in the state,
	// not a request.
	analysedAt := func() time.Time {
		st, err := batch.LoadState(out)
		if err != nil || st.Candidates["alice"] == nil {
			t.Fatalf("state: %+v, %v", st, err)
		}
		return st.Candidates["alice"].At
	}
	for _, extra := range [][]string{{"--force"}, {"--max-age", "1ns"}} {
		was := analysedAt()
		runCLI(t, env, append(slices.Clone(args), extra...)...)
		if !analysedAt().After(was) {
			t.Errorf("%v did not analyse alice again", extra)
		}
	}
	// Other settings are other reports: a new --stack analyses her again.
	was := analysedAt()
	runCLI(t, env, append(slices.Clone(args), "--stack", "django")...)
	if !analysedAt().After(was) {
		t.Error("a new --stack kept the old reports")
	}
}

// TestBatchShardsMerge checks that merged shards reproduce the unsharded
// index and summary.
func TestBatchShardsMerge(t *testing.T) {
	s := githubtest.New(t)
	var list []string
	for _, login := range []string{"ann", "ben", "cat", "dan", "eve", "fay", "gus"} {
		addCandidate(t, s, login)
		list = append(list, login)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(file, []byte("# shortlist\n"+strings.Join(list, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	common := []string{"--api-url", s.APIURL(), "--cache-dir", cache, "--no-history", "--stack", "pytest,django", "-q"}
	env := map[string]string{"GH_TOKEN": "t"}
	whole := filepath.Join(dir, "whole")
	if res := runCLI(t, env, append([]string{"batch", file, "--out-dir", whole, "--jobs", "4"}, common...)...); res.code != exitOK {
		t.Fatalf("unsharded: exit %d\n%s", res.code, res.stderr)
	}
	var shardDirs []string
	seen := map[string]int{}
	for i := range 3 {
		d := filepath.Join(dir, "shard-"+string(rune('0'+i)))
		shardDirs = append(shardDirs, d)
		res := runCLI(t, env, append([]string{"batch", file, "--out-dir", d, "--shard", string(rune('0'+i)) + "/3"}, common...)...)
		if res.code != exitOK {
			t.Fatalf("shard %d: exit %d\n%s", i, res.code, res.stderr)
		}
		if strings.TrimSpace(res.stderr) != "pyscout: wrote "+filepath.Join(d, "index.html") {
			t.Errorf("-q printed more than the final line:\n%s", res.stderr)
		}
		for _, r := range summaryRows(t, d) {
			seen[r["username"]]++
		}
	}
	for _, login := range list {
		if seen[login] != 1 {
			t.Errorf("%s is in %d shards", login, seen[login])
		}
	}
	merged := filepath.Join(dir, "merged")
	res := runCLI(t, env, append([]string{"batch", "merge", "--out-dir", merged}, shardDirs...)...)
	if res.code != exitOK {
		t.Fatalf("merge: exit %d\n%s", res.code, res.stderr)
	}
	stamp := regexp.MustCompile(`<time datetime="[^"]*">[^<]*</time>`)
	for _, f := range []string{batch.SummaryFile, batch.IndexFile} {
		a, _ := os.ReadFile(filepath.Join(whole, f))
		b, _ := os.ReadFile(filepath.Join(merged, f))
		a, b = stamp.ReplaceAll(a, nil), stamp.ReplaceAll(b, nil)
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("merged %s differs from the unsharded one:\n%s\n---\n%s", f, a, b)
		}
	}
	for _, login := range list {
		if _, err := os.Stat(filepath.Join(merged, login+".html")); err != nil {
			t.Errorf("merge did not copy %s's report: %v", login, err)
		}
	}
	// Near miss: a shard of another shortlist is refused.
	other := filepath.Join(dir, "other.txt")
	if err := os.WriteFile(other, []byte("ann\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	od := filepath.Join(dir, "other-out")
	runCLI(t, env, append([]string{"batch", other, "--out-dir", od}, common...)...)
	res = runCLI(t, env, "batch", "merge", "--out-dir", filepath.Join(dir, "m2"), shardDirs[0], od)
	if res.code == exitOK || !strings.Contains(res.stderr, "another shortlist") {
		t.Errorf("merging shards of two lists: exit %d, %s", res.code, res.stderr)
	}
}

// TestBatchWaitsForTheReset: with --wait, a rate limit that resets soon
// is waited out and the batch finishes.
func TestBatchWaitsForTheReset(t *testing.T) {
	s := githubtest.New(t)
	for _, login := range []string{"ann", "ben"} {
		addCandidate(t, s, login)
	}
	// Spent from the start, back in a few seconds: the wait is short
	// however slow the machine (a budget spent later would reset an hour
	// after the fake's window turned).
	s.SetRateLimit(5000, 0, time.Now().Add(4*time.Second))
	dir := t.TempDir()
	file := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(file, []byte("ann\nben\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runCLI(t, map[string]string{"GH_TOKEN": "t"}, "batch", file, "--api-url", s.APIURL(), "--cache-dir", t.TempDir(), "--out-dir", filepath.Join(dir, "out"), "--no-history", "--jobs", "1", "--wait")
	if res.code != exitOK || !strings.Contains(res.stderr, "waiting until") {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	for _, r := range summaryRows(t, filepath.Join(dir, "out")) {
		if r["status"] != "analysed" {
			t.Errorf("%s: %s %s", r["username"], r["status"], r["reason"])
		}
	}
}

// TestBatchInterruptResumes: Ctrl-C stops the batch with 130 and a state
// that keeps the finished candidates.
func TestBatchInterruptResumes(t *testing.T) {
	s := githubtest.New(t)
	for _, login := range []string{"ann", "ben"} {
		addCandidate(t, s, login)
	}
	s.StallNext("/users/ben", githubtest.StallBeforeHeaders, 1)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	file := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(file, []byte("ann\nben\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// Cancel once ann is in the state, while ben's request hangs.
		for ctx.Err() == nil {
			if st, err := batch.LoadState(out); err == nil && st.Candidates["ann"] != nil {
				cancel()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	var stdout, stderr bytes.Buffer
	args := []string{"batch", file, "--api-url", s.APIURL(), "--cache-dir", t.TempDir(), "--out-dir", out, "--no-history", "--jobs", "1"}
	code := run(ctx, args, streams{Out: &stdout, ErrOut: &stderr}, func(k string) string { return map[string]string{"GH_TOKEN": "t"}[k] })
	if code != exitInterrupted || !strings.Contains(stderr.String(), "1 done, 1 left") {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	st, err := batch.LoadState(out)
	if err != nil || st.Candidates["ann"] == nil || st.Candidates["ben"] != nil {
		t.Fatalf("state after interrupt: %+v, %v", st, err)
	}
	var raw map[string]any
	data, _ := os.ReadFile(filepath.Join(out, batch.StateFile))
	if err := json.Unmarshal(data, &raw); err != nil || raw["version"] != float64(batch.StateVersion) {
		t.Errorf("state file: %v, version %v", err, raw["version"])
	}
}

// TestBatchSettingsFollowConfigFiles checks that a resumed batch analyses
// a candidate again when a rule file or a library file named only by the
// config file changed (their contents shape the report as the flags do),
// and resumes her when nothing changed.
func TestBatchSettingsFollowConfigFiles(t *testing.T) {
	s := githubtest.New(t)
	addCandidate(t, s, "alice")
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	list := write("list.txt", "alice\n")
	rule := func(question string) string {
		return "[[rule]]\nid = \"team-always\"\ntitle = \"Team question\"\ncategory = \"practices\"\ntopic = \"team-always\"\nlevel = \"mid\"\npriority = 1000\nwhen = \"true\"\nquestion = \"" + question + "\"\nlisten_for = [\"Names a practice\"]\n"
	}
	rules := write("team.toml", rule("How does your team review code?"))
	libs := write("libs.toml", "[imports]\nmycorp_utils = \"mycorp-utils\"\n")
	config := write("pyscout.toml", fmt.Sprintf("rules = [%q]\nlibraries = %q\n", rules, libs))
	args := []string{"batch", list, "--api-url", s.APIURL(), "--cache-dir", t.TempDir(), "--out-dir", out, "--jobs", "1", "--no-history", "--config", config}
	env := map[string]string{"GH_TOKEN": "t"}
	analysedAt := func() time.Time {
		t.Helper()
		if res := runCLI(t, env, args...); res.code != 0 {
			t.Fatalf("exit %d\n%s", res.code, res.stderr)
		}
		st, err := batch.LoadState(out)
		if err != nil || st.Candidates["alice"] == nil {
			t.Fatalf("state: %+v, %v", st, err)
		}
		return st.Candidates["alice"].At
	}
	first := analysedAt()
	if again := analysedAt(); !again.Equal(first) {
		t.Error("nothing changed, yet alice was analysed again")
	}
	write("team.toml", rule("How does your team test code?"))
	second := analysedAt()
	if !second.After(first) {
		t.Error("the config's rule file changed, yet alice's report was kept")
	}
	write("libs.toml", "[imports]\nmycorp_utils = \"mycorp-tools\"\n")
	if !analysedAt().After(second) {
		t.Error("the config's library file changed, yet alice's report was kept")
	}
}
