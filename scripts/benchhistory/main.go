// Command benchhistory measures the ways pyscout can get a repository's
// recent history: a shallow clone deepened in steps, or a full clone. It
// serves local bare repositories over git's smart HTTP protocol (git
// http-backend on loopback), as GitHub serves them, and prints a Markdown
// table for docs/benchmarks.md.
//
//	go run ./scripts/benchhistory /path/to/bare-or-mirror.git ...
package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/history"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchhistory REPO_DIR...")
		os.Exit(2)
	}
	root, err := os.MkdirTemp("", "benchhistory-root-")
	check(err)
	defer os.RemoveAll(root)
	execPath, err := exec.Command("git", "--exec-path").Output()
	check(err)
	handler := &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend"),
		Root: "/git",
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	go func() { _ = http.Serve(ln, handler) }()

	fmt.Println("| repository | commits | step | wall | commits visible | cache size |")
	fmt.Println("|---|---:|---|---:|---:|---:|")
	for _, dir := range os.Args[1:] {
		name := filepath.Base(filepath.Dir(dir))
		if filepath.Base(dir) != "repo" {
			name = filepath.Base(dir)
		}
		link := filepath.Join(root, name+".git")
		check(os.Symlink(dir, link))
		total, _ := exec.Command("git", "-C", dir, "rev-list", "--count", "HEAD").Output()
		url := fmt.Sprintf("http://%s/git/%s.git", ln.Addr(), name)
		measure(name, strings.TrimSpace(string(total)), url)
	}
}

func measure(name, total, url string) {
	ctx := context.Background()
	row := func(step string, d time.Duration, visible int, dir string) {
		fmt.Printf("| %s | %s | %s | %.2f s | %d | %s |\n", name, total, step, d.Seconds(), visible, size(dir))
	}
	cache, err := os.MkdirTemp("", "benchhistory-cache-")
	check(err)
	defer os.RemoveAll(cache)

	start := time.Now()
	snap, err := clone.Fetch(ctx, url, "", clone.Options{CacheDir: cache, Policy: clone.Policy{UserTyped: true}})
	check(err)
	row("shallow clone, depth 1", time.Since(start), visible(snap), snap.Dir)
	for _, depth := range []int{100, 1000} {
		start = time.Now()
		check(clone.Deepen(ctx, snap, url, depth))
		check(history.PruneShallow(snap.Repository))
		row(fmt.Sprintf("deepen to %d", depth), time.Since(start), visible(snap), snap.Dir)
	}
	start = time.Now()
	_, err = history.Analyze(ctx, snap.Repository, plumbing.NewHash(snap.Commit), history.NewIdentity("nobody", 1, ""), nil, history.Options{})
	check(err)
	row("walk 1000 commits + line stats (400 newest)", time.Since(start), visible(snap), snap.Dir)

	full, err := os.MkdirTemp("", "benchhistory-full-")
	check(err)
	defer os.RemoveAll(full)
	start = time.Now()
	fsnap, err := clone.Fetch(ctx, url, "", clone.Options{CacheDir: full, Depth: 1 << 30, Policy: clone.Policy{UserTyped: true}})
	check(err)
	row("full clone", time.Since(start), visible(fsnap), fsnap.Dir)
}

func visible(snap *clone.Snapshot) int {
	_, _, err := history.Reach(context.Background(), snap.Repository, plumbing.NewHash(snap.Commit), 1<<30)
	check(err)
	it, err := snap.Repository.CommitObjects()
	check(err)
	n := 0
	for {
		if _, err := it.Next(); err != nil {
			break
		}
		n++
	}
	return n
}

func size(dir string) string {
	var total int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return fmt.Sprintf("%.1f MB", float64(total)/1e6)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchhistory:", err)
		os.Exit(1)
	}
}
