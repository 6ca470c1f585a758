package resultcache

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/internal/cputime"
	"github.com/pyscout/pyscout/analyzer/python"
)

// BenchmarkPut is the cost of storing one small entry (the facts of a
// small file), lock and shared count included; where entries go in
// bundles, a bundle's writing shared among its entries.
func BenchmarkPut(b *testing.B) {
	c, err := Open(b.TempDir(), 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	v := sample(3)
	i := 0
	for b.Loop() {
		i++
		if err := c.Put(NewKey("b", strconv.Itoa(i)), v); err != nil {
			b.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		b.Fatal(err)
	}
}

// coldRun is a cold run's writes: a new cache opened in dir, then entries
// values stored by writers goroutines (put stores the i-th), as the parse
// pool stores them, and written to disk as the run's end writes them.
func coldRun(b *testing.B, dir string, entries, writers int, put func(c *Cache, i int) error) *Cache {
	c, err := Open(dir, 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := w; i < entries; i += writers {
				if err := put(c, i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := c.Flush(); err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkColdPut200 is a cold run's writes of 200 entries of about a
// kilobyte each (the facts of a small portfolio's files) by 4 goroutines.
func BenchmarkColdPut200(b *testing.B) {
	v := sample(3)
	v.Items = append(v.Items, strings.Repeat("import os\n", 100))
	base := b.TempDir()
	run := 0
	for b.Loop() {
		run++
		coldRun(b, filepath.Join(base, strconv.Itoa(run)), 200, 4, func(c *Cache, i int) error {
			return c.Put(NewKey("b", strconv.Itoa(run), strconv.Itoa(i)), v)
		})
	}
}

// pythonFacts returns the values a cold run stores for the Python files
// under PYSCOUT_BENCH_PY (a checkout of a portfolio's repositories), or by
// default under this module (its test corpora, smaller files): each
// file's facts as analyzer/resultsrun.go puts them.
func pythonFacts(b *testing.B) []python.CachedFile {
	b.Helper()
	root := os.Getenv("PYSCOUT_BENCH_PY")
	if root == "" {
		root = filepath.Join("..", "..")
	}
	a, err := python.NewAnalyzer(python.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	var out []python.CachedFile
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(p, ".py") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		ff, err := a.AnalyzeFile(p, src)
		if err != nil {
			return nil // over the size bound: not cached either
		}
		out = append(out, python.CacheFile(ff))
		return nil
	})
	if err != nil || len(out) == 0 {
		b.Fatalf("%d Python files under %s: %v", len(out), root, err)
	}
	return out
}

// BenchmarkColdPutFacts is a cold run's writes of real values: a new
// cache directory opened, then 200 files' facts (pythonFacts, repeated
// under other keys when there are fewer) stored by as many goroutines as
// the parse pool runs. It reports the CPU time of the whole (user and
// system, the figure that counts on two shared cores) and the bytes the
// entries take on disk. The caches are made under PYSCOUT_BENCH_DIR when
// set: on tmpfs (/dev/shm) it measures the cache's own work, where on a
// disk the kernel's cost of a new file can dominate and vary tenfold with
// what else the machine creates and deletes (ext4 without a journal scans
// past every inode freed in the last minutes).
func BenchmarkColdPutFacts(b *testing.B) {
	const entries = 200
	facts := pythonFacts(b)
	var plain int
	for i := range entries {
		v, err := json.Marshal(facts[i%len(facts)])
		if err != nil {
			b.Fatal(err)
		}
		plain += len(v)
	}
	writers := runtime.GOMAXPROCS(0)
	base := b.TempDir()
	if dir := os.Getenv("PYSCOUT_BENCH_DIR"); dir != "" {
		var err error
		if base, err = os.MkdirTemp(dir, "coldput"); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(base) })
	}
	run := 0
	var disk int64
	cpu0 := cpuSelf(b)
	for b.Loop() {
		run++
		c := coldRun(b, filepath.Join(base, strconv.Itoa(run)), entries, writers, func(c *Cache, i int) error {
			return c.Put(NewKey("file", strconv.Itoa(i)), facts[i%len(facts)])
		})
		if run == 1 {
			disk = c.Stats().BytesWritten
		}
	}
	b.ReportMetric(float64(cpuSelf(b)-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(disk), "disk-bytes")
	b.ReportMetric(float64(plain), "json-bytes")
}

// BenchmarkEncodeFacts and BenchmarkDecodeFacts are the CPU of an
// entry's encoding alone, per value of pythonFacts, without the file
// system (whose cost varies with the machine: see BenchmarkColdPutFacts).
func BenchmarkEncodeFacts(b *testing.B) {
	facts := pythonFacts(b)
	var stored int
	for b.Loop() {
		stored = 0
		for _, v := range facts {
			data, err := encode(v)
			if err != nil {
				b.Fatal(err)
			}
			stored += len(data)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(facts)), "ns/entry")
	b.ReportMetric(float64(stored), "disk-bytes")
}

func BenchmarkDecodeFacts(b *testing.B) {
	facts := pythonFacts(b)
	enc := make([][]byte, len(facts))
	for i, v := range facts {
		var err error
		if enc[i], err = encode(v); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		for _, data := range enc {
			var v python.CachedFile
			if err := decode(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(facts)), "ns/entry")
}

// BenchmarkGet is the cost of reading one small entry back.
func BenchmarkGet(b *testing.B) {
	c, err := Open(b.TempDir(), 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	k := NewKey("b", "x")
	if err := c.Put(k, sample(3)); err != nil {
		b.Fatal(err)
	}
	// Read from disk, as a later run reads it.
	if err := c.Flush(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var v value
		if !c.Get(k, &v) {
			b.Fatal("miss")
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	v := sample(3)
	for b.Loop() {
		if _, err := encode(v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodingsOnRealEntries compares the entries of a filled cache
// (PYSCOUT_RESULTS_DIR, e.g. CACHEDIR/results after a run) stored as plain
// JSON and as JSON in an S2 block (the format used): bytes and the time to
// decode.
func BenchmarkEncodingsOnRealEntries(b *testing.B) {
	dir := os.Getenv("PYSCOUT_RESULTS_DIR")
	if dir == "" {
		b.Skip("set PYSCOUT_RESULTS_DIR to a filled results cache")
	}
	entries, _, err := (&Cache{dir: dir}).list()
	if err != nil || len(entries) == 0 {
		b.Fatalf("%d entries: %v", len(entries), err)
	}
	var values []json.RawMessage
	var plain, stored int
	for _, e := range entries {
		data, err := os.ReadFile(e.path)
		if err != nil {
			b.Fatal(err)
		}
		var v json.RawMessage
		if err := decode(data, &v); err != nil {
			b.Fatal(err)
		}
		values = append(values, v)
		plain += len(v)
		stored += len(data) - headerSize
	}
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			for _, v := range values {
				var out any
				if err := json.Unmarshal(v, &out); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(plain), "bytes")
	})
	b.Run("json+s2", func(b *testing.B) {
		enc := make([][]byte, len(values))
		for i, v := range values {
			if enc[i], err = encode(v); err != nil {
				b.Fatal(err)
			}
		}
		for b.Loop() {
			for _, e := range enc {
				var out any
				if err := decode(e, &out); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(stored), "bytes")
	})
}

// cpuSelf is the CPU time this process has used.
func cpuSelf(tb testing.TB) time.Duration {
	self, _, err := cputime.Used()
	if err != nil {
		tb.Fatal(err)
	}
	return self
}
