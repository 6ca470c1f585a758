package resultcache

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/pyscout/pyscout/internal/fileid"
)

func bundledCache(t *testing.T, dir string, max int64) *Cache {
	t.Helper()
	if !fileid.Supported {
		t.Skip("no bundles on this platform")
	}
	c := open(t, dir, max)
	if !c.bundled {
		t.Fatal("entries not bundled where the platform has hard links")
	}
	return c
}

func putAll(t *testing.T, c *Cache, keys ...int) {
	t.Helper()
	for _, i := range keys {
		if err := c.Put(NewKey("t", strconv.Itoa(i)), sample(i)); err != nil {
			t.Fatal(err)
		}
	}
}

func hits(c *Cache, i int) bool {
	var v value
	return c.Get(NewKey("t", strconv.Itoa(i)), &v) && reflect.DeepEqual(v, sample(i))
}

// Entries wait in memory, served, until Flush makes one file of them all,
// with a name per entry; another process then reads each.
func TestBundleIsOneFileWithANamePerEntry(t *testing.T) {
	dir := t.TempDir()
	c := bundledCache(t, dir, 1<<20)
	putAll(t, c, 0, 1, 2, 3, 4)
	if n := len(names(t, dir)); n != 0 {
		t.Fatalf("%d names on disk before Flush", n)
	}
	for i := range 5 {
		if !hits(c, i) {
			t.Fatalf("entry %d waiting for its bundle not served", i)
		}
	}
	flush(t, c)
	ns := names(t, dir)
	if len(ns) != 5 {
		t.Fatalf("%d names after Flush, want 5", len(ns))
	}
	ids := map[fileid.ID]bool{}
	for _, p := range ns {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		id, links, _ := fileid.Of(info)
		ids[id] = true
		if links != 5 {
			t.Errorf("%s has %d links, want 5", p, links)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("%d files for one bundle", len(ids))
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, tempPref+"*")); len(tmp) != 0 {
		t.Fatalf("temporary names left: %v", tmp)
	}
	other := open(t, dir, 1<<20)
	for i := range 5 {
		if !hits(other, i) {
			t.Fatalf("entry %d not read from its bundle", i)
		}
	}
	if st := other.Stats(); st.Damaged != 0 || st.Hits != 5 {
		t.Fatalf("stats %+v", st)
	}
}

// names lists the entry names under dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, _, err := (&Cache{dir: dir}).list()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.path)
	}
	return out
}

// A run that writes more than a bundle holds makes bundles as it goes:
// memory stays bounded and the entries are on disk without a Flush.
func TestBundlesAreMadeAtTheirBound(t *testing.T) {
	dir := t.TempDir()
	c := bundledCache(t, dir, 1<<30)
	keys := make([]int, maxBundleEntries+3)
	for i := range keys {
		keys[i] = i
	}
	putAll(t, c, keys...)
	if n := len(names(t, dir)); n != maxBundleEntries {
		t.Fatalf("%d names on disk, want a bundle of %d", n, maxBundleEntries)
	}
	c.pmu.Lock()
	waiting := len(c.pending)
	c.pmu.Unlock()
	if waiting != 3 {
		t.Fatalf("%d entries waiting, want 3", waiting)
	}
	// The bound in bytes: an eighth of a small cache.
	small := bundledCache(t, t.TempDir(), 8*int64(len(mustEncode(t, sample(1)))))
	putAll(t, small, 1, 2)
	if n := len(names(t, small.dir)); n == 0 {
		t.Fatal("a small cache's entries all wait in memory")
	}
}

// A damaged table that sends one key to another entry's record makes a
// miss, never the other entry's value (each record repeats its key).
func TestBundleRowOfAnotherRecordIsNeverServed(t *testing.T) {
	dir := t.TempDir()
	c := bundledCache(t, dir, 1<<20)
	putAll(t, c, 1, 2)
	flush(t, c)
	k1, k2 := NewKey("t", "1"), NewKey("t", "2")
	data, err := os.ReadFile(c.path(k1))
	if err != nil {
		t.Fatal(err)
	}
	// Swap the keys of the two rows, leaving their offsets.
	r1 := bytes.Index(data[bundleHeaderSize:], k1[:]) + bundleHeaderSize
	r2 := bytes.Index(data[bundleHeaderSize:], k2[:]) + bundleHeaderSize
	if r1 < bundleHeaderSize || r2 < bundleHeaderSize || r1 >= bundleHeaderSize+2*bundleRowSize || r2 >= bundleHeaderSize+2*bundleRowSize {
		t.Fatalf("rows at %d and %d", r1, r2)
	}
	copy(data[r1:], k2[:])
	copy(data[r2:], k1[:])
	// The names share the file: rewrite it in place.
	f, err := os.OpenFile(c.path(k1), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fresh := open(t, dir, 1<<20)
	for _, i := range []int{1, 2} {
		var v value
		if fresh.Get(NewKey("t", strconv.Itoa(i)), &v) {
			t.Fatalf("entry %d served %+v from a damaged table", i, v)
		}
	}
	if st := fresh.Stats(); st.Damaged != 2 {
		t.Fatalf("damaged = %d, want 2", st.Damaged)
	}
	// Near miss: the same bundle undamaged serves both.
	again := bundledCache(t, t.TempDir(), 1<<20)
	putAll(t, again, 1, 2)
	flush(t, again)
	if !hits(open(t, again.dir, 1<<20), 1) || !hits(open(t, again.dir, 1<<20), 2) {
		t.Fatal("an intact bundle missed")
	}
}

// An entry put again in a later bundle replaces its name; the earlier
// bundle's other entries stay, and its bytes count until its last name
// goes.
func TestEntryReplacedInALaterBundle(t *testing.T) {
	dir := t.TempDir()
	c := bundledCache(t, dir, 1<<20)
	putAll(t, c, 1, 2)
	flush(t, c)
	first := diskBytes(t, dir)
	k1 := NewKey("t", "1")
	if err := c.Put(k1, sample(9)); err != nil {
		t.Fatal(err)
	}
	flush(t, c)
	fresh := open(t, dir, 1<<20)
	var v value
	if !fresh.Get(k1, &v) || !reflect.DeepEqual(v, sample(9)) {
		t.Fatalf("replaced entry: %+v", v)
	}
	if !hits(fresh, 2) {
		t.Fatal("the first bundle's other entry was lost")
	}
	if got := diskBytes(t, dir); got <= first {
		t.Fatalf("%d bytes on disk with two bundles, %d with one", got, first)
	}
	if n := len(names(t, dir)); n != 2 {
		t.Fatalf("%d names, want 2", n)
	}
}

// Eviction takes the least recently used bundle whole (its bytes are
// freed only with its last name) and keeps the bound; a bundle read
// lately is kept whole.
func TestEvictionTakesBundlesWhole(t *testing.T) {
	dir := t.TempDir()
	one := int64(len(mustEncode(t, sample(10)))) + int64(len(Key{})+bundleRowSize)
	max := 40 * one
	c := bundledCache(t, dir, max)
	base := time.Now().Add(-time.Hour)
	for b := range 3 {
		putAll(t, c, b*10, b*10+1, b*10+2, b*10+3, b*10+4)
		flush(t, c)
		ts := base.Add(time.Duration(b) * time.Minute)
		for i := range 5 {
			_ = os.Chtimes(c.path(NewKey("t", strconv.Itoa(b*10+i))), ts, ts)
		}
	}
	// Bundle 0, the oldest, is read: it becomes the most recent.
	if !hits(c, 3) {
		t.Fatal("bundle 0 missed")
	}
	// Thirty entries more than fit: the ten of bundles 1 and 2 go.
	for i := 100; i < 130; i++ {
		putAll(t, c, i)
		if i%5 == 4 {
			flush(t, c)
		}
		if got := diskBytes(t, dir); got > max {
			t.Fatalf("after entry %d the cache holds %d bytes, over its bound %d", i, got, max)
		}
	}
	if c.Stats().Evicted == 0 {
		t.Fatal("nothing evicted")
	}
	fresh := open(t, dir, max)
	left := map[int]int{}
	for b := range 3 {
		for i := range 5 {
			if hits(fresh, b*10+i) {
				left[b]++
			}
		}
	}
	if left[0] != 5 || left[1] != 0 || left[2] != 0 {
		t.Errorf("entries left of bundles 0, 1, 2: %d, %d, %d; want 5 (read lately), 0, 0", left[0], left[1], left[2])
	}
	if !hits(fresh, 129) {
		t.Error("the newest entry was evicted")
	}
	if n, ok := fresh.readSize(); !ok || n < diskBytes(t, dir) {
		t.Fatalf("the shared count says %d (%v), disk holds %d", n, ok, diskBytes(t, dir))
	}
}

// FuzzReadEntry reads arbitrary bytes as an entry file: no input panics,
// allocates more than the file holds, or serves a bundle's record under
// another key.
func FuzzReadEntry(f *testing.F) {
	k := NewKey("t", "1")
	dir := f.TempDir()
	c := &Cache{dir: dir, maxBytes: 1 << 20, bundled: true}
	for _, i := range []int{1, 2} {
		if err := c.Put(NewKey("t", strconv.Itoa(i)), sample(i)); err != nil {
			f.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		f.Fatal(err)
	}
	bundle, err := os.ReadFile(c.path(k))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bundle)
	f.Add(mustEncodeF(f, sample(1)))
	f.Add([]byte(bundleMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "e")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readEntry(p, k)
		if err != nil {
			return
		}
		if len(got) > len(data) {
			t.Fatalf("read %d bytes from a file of %d", len(got), len(data))
		}
		if bytes.HasPrefix(data, []byte(bundleMagic)) {
			// The record served is the one after k in the file.
			i := bytes.Index(data, append(k[:], got...))
			if i < 0 {
				t.Fatal("served bytes that do not follow the key in the bundle")
			}
		}
	})
}

func mustEncodeF(f *testing.F, v any) []byte {
	b, err := encode(v)
	if err != nil {
		f.Fatal(err)
	}
	return b
}
