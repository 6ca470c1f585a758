// Command benchpython times `pyscout inspect DIR --format json` against a
// CPython script doing the same extraction (ast.parse plus one walk, see
// extract.py) on exactly the same files: the Python files pyscout's walk
// keeps in DIR. It also times floor.py, ast.parse and a bare ast.walk: no
// CPython extraction can be faster than that. It prints a Markdown table
// for docs/benchmarks.md.
//
//	go build -o /tmp/pyscout ./cmd/pyscout
//	go run ./scripts/benchpython -pyscout /tmp/pyscout -python python3 DIR...
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pyscout/pyscout/analyzer/walk"
)

func main() {
	pyscout := flag.String("pyscout", "pyscout", "the pyscout binary")
	python := flag.String("python", "python3", "the CPython interpreter")
	runs := flag.Int("runs", 3, "runs of each tool; the best is reported")
	flag.Parse()
	_, self, _, _ := runtimeCaller()
	script := filepath.Join(filepath.Dir(self), "extract.py")
	fmt.Println("| corpus | files | MB | tool | best wall | files/s | MB/s | peak RSS |")
	fmt.Println("|---|---:|---:|---|---:|---:|---:|---:|")
	for _, dir := range flag.Args() {
		var list bytes.Buffer
		files, size := 0, int64(0)
		_, err := walk.Walk(context.Background(), walk.Dir{Root: dir}, walk.Options{}, func(f walk.File) error {
			if f.Kind == walk.KindPython {
				files++
				size += f.Size
				fmt.Fprintln(&list, filepath.Join(dir, filepath.FromSlash(f.Path)))
			}
			return nil
		})
		check(err)
		mb := float64(size) / 1e6
		goWall, goRSS := best(*runs, nil, *pyscout, "inspect", dir, "--format", "json", "-q", "--cache-dir", os.TempDir())
		pyWall, pyRSS := best(*runs, list.Bytes(), *python, script)
		floorWall, floorRSS := best(*runs, list.Bytes(), *python, filepath.Join(filepath.Dir(script), "floor.py"))
		name := filepath.Base(dir)
		for _, row := range []struct {
			tool string
			wall time.Duration
			rss  int
		}{{"pyscout inspect", goWall, goRSS}, {"CPython: ast.parse + the same extraction", pyWall, pyRSS}, {"CPython: ast.parse + a bare walk (floor)", floorWall, floorRSS}} {
			fmt.Printf("| %s | %d | %.1f | %s | %.2f s | %.0f | %.2f | %d MB |\n", name, files, mb, row.tool,
				row.wall.Seconds(), float64(files)/row.wall.Seconds(), mb/row.wall.Seconds(), row.rss/1024)
		}
		fmt.Printf("| %s | | | ratio to the same extraction | %.1fx | | | |\n", name, pyWall.Seconds()/goWall.Seconds())
		fmt.Printf("| %s | | | ratio to the floor | %.1fx | | | |\n", name, floorWall.Seconds()/goWall.Seconds())
	}
}

var rssLine = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)

// best runs a command under /usr/bin/time -v and keeps the fastest run.
func best(runs int, stdin []byte, name string, args ...string) (time.Duration, int) {
	var wall time.Duration
	rss := 0
	for i := 0; i < runs; i++ {
		cmd := exec.Command("/usr/bin/time", append([]string{"-v", name}, args...)...)
		cmd.Stdin = bytes.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = nil, &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
			os.Exit(1)
		}
		d := time.Since(start)
		if m := rssLine.FindStringSubmatch(stderr.String()); m != nil {
			kb, _ := strconv.Atoi(m[1])
			rss = max(rss, kb)
		}
		if wall == 0 || d < wall {
			wall = d
		}
	}
	return wall, rss
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchpython:", err)
		os.Exit(1)
	}
}
