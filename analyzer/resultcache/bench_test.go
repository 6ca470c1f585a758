package resultcache

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// BenchmarkPut is the cost of storing one small entry (the facts of a
// small file), lock and shared count included.
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
}

// BenchmarkColdPut200 is a cold run's writes: a new cache directory
// opened, then 200 entries of about a kilobyte each (the facts of a small
// portfolio's files) stored by 4 goroutines, as the parse pool does.
func BenchmarkColdPut200(b *testing.B) {
	const entries, writers = 200, 4
	v := sample(3)
	v.Items = append(v.Items, strings.Repeat("import os\n", 100))
	base := b.TempDir()
	run := 0
	for b.Loop() {
		run++
		c, err := Open(filepath.Join(base, strconv.Itoa(run)), 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := w; i < entries; i += writers {
					if err := c.Put(NewKey("b", strconv.Itoa(run), strconv.Itoa(i)), v); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
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
// JSON and as JSON with DEFLATE (the format used): bytes and the time to
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
	b.Run("json+deflate", func(b *testing.B) {
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
