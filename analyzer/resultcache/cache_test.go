package resultcache

import (
	"bytes"
	stdflate "compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"

	"github.com/pyscout/pyscout/internal/fileid"
)

type value struct {
	Name  string         `json:"name"`
	N     int            `json:"n"`
	Items []string       `json:"items"`
	Empty []int          `json:"empty"`
	Nil   []int          `json:"nil"`
	Flag  *bool          `json:"flag,omitempty"`
	When  time.Time      `json:"when"`
	Map   map[string]int `json:"map"`
}

func sample(i int) value {
	f := false
	return value{Name: "v" + strconv.Itoa(i), N: i, Items: []string{"a", strings.Repeat("b", i)}, Empty: []int{}, Flag: &f,
		When: time.Date(2026, 11, 29, 0, 0, i, 0, time.UTC), Map: map[string]int{"k": i}}
}

func open(t *testing.T, dir string, max int64) *Cache {
	t.Helper()
	c, err := Open(dir, max)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// layouts runs a test with each entry a file of its own and with entries
// in bundles (where the platform has them).
func layouts(t *testing.T, test func(t *testing.T, open func(t *testing.T, dir string, max int64) *Cache)) {
	for _, bundled := range []bool{false, true} {
		name := map[bool]string{false: "files", true: "bundles"}[bundled]
		t.Run(name, func(t *testing.T) {
			if bundled && !fileid.Supported {
				t.Skip("no bundles on this platform")
			}
			test(t, func(t *testing.T, dir string, max int64) *Cache {
				c := open(t, dir, max)
				c.bundled = bundled
				return c
			})
		})
	}
}

// flush stores what c keeps in memory.
func flush(t *testing.T, c *Cache) {
	t.Helper()
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
}

func TestRoundTrip(t *testing.T) {
	layouts(t, func(t *testing.T, open func(*testing.T, string, int64) *Cache) {
		dir := t.TempDir()
		c := open(t, dir, 1<<20)
		k := NewKey("test", "one")
		var miss value
		if c.Get(k, &miss) {
			t.Fatal("hit on an empty cache")
		}
		want := sample(3)
		if err := c.Put(k, want); err != nil {
			t.Fatal(err)
		}
		var got value
		if !c.Get(k, &got) {
			t.Fatal("miss after Put")
		}
		// Empty and nil slices and a pointer to false survive: the report
		// tells [] from null.
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		flush(t, c)
		st := c.Stats()
		if st.Hits != 1 || st.Misses != 1 || st.Writes != 1 || st.BytesRead == 0 || st.BytesRead != st.BytesWritten {
			t.Fatalf("stats %+v", st)
		}
		// Another run reads it from disk.
		var again value
		if !open(t, dir, 1<<20).Get(k, &again) || !reflect.DeepEqual(again, want) {
			t.Fatalf("read back %+v, want %+v", again, want)
		}
	})
}

func TestKeyPartsAreDelimited(t *testing.T) {
	if NewKey("k", "ab", "c") == NewKey("k", "a", "bc") {
		t.Fatal("parts run together")
	}
	if NewKey("file", "x") == NewKey("source", "x") {
		t.Fatal("kinds share keys")
	}
	if a, b := NewKey("k", "x"), NewKey("k", "x"); a != b {
		t.Fatal("a key is not a pure function of its parts")
	}
}

func TestNilCacheIsDisabled(t *testing.T) {
	var c *Cache
	if err := c.Put(NewKey("k"), sample(1)); err != nil {
		t.Fatal(err)
	}
	var v value
	if c.Get(NewKey("k"), &v) {
		t.Fatal("nil cache hit")
	}
	if c.Stats() != (Stats{}) {
		t.Fatal("nil cache counted")
	}
}

// A damaged entry in any way is dropped and missed, never decoded; an
// intact one beside it still hits (the near miss).
func TestDamagedEntriesAreDropped(t *testing.T) {
	damage := map[string]func([]byte) []byte{
		"truncated":         func(b []byte) []byte { return b[:len(b)-3] },
		"truncated header":  func(b []byte) []byte { return b[:headerSize-1] },
		"bit flipped":       func(b []byte) []byte { b[len(b)-2] ^= 0x10; return b },
		"header bit":        func(b []byte) []byte { b[3] ^= 1; return b },
		"checksum bit":      func(b []byte) []byte { b[headerSize-1] ^= 1; return b },
		"appended":          func(b []byte) []byte { return append(b, 0) },
		"empty":             func([]byte) []byte { return nil },
		"other format":      func(b []byte) []byte { b[len(magic)+1]++; return b },
		"valid undecodable": func([]byte) []byte { return mustEncode(t, "a string, not a value") },
		// A header and checksum made for a damaged payload: the S2 block
		// itself must be checked.
		"resealed truncated block": func(b []byte) []byte { return seal(b[headerSize : len(b)-3]) },
		"resealed block of other JSON": func([]byte) []byte {
			return seal(s2.Encode(nil, []byte(`{"name":`)))
		},
		"resealed block over the bound": func([]byte) []byte {
			// The varint of the decoded length and nothing else.
			return seal(binary.AppendUvarint(nil, maxValueBytes+1))
		},
	}
	layouts(t, func(t *testing.T, open func(*testing.T, string, int64) *Cache) {
		for name, fn := range damage {
			t.Run(name, func(t *testing.T) {
				damagedEntryIsDropped(t, open(t, t.TempDir(), 1<<20), name, fn)
			})
		}
	})
}

// damagedEntryIsDropped stores two entries (two bundles: a bundle's names
// share its bytes), damages one with fn and checks that it is dropped
// and the other served.
func damagedEntryIsDropped(t *testing.T, c *Cache, name string, fn func([]byte) []byte) {
	k, intact := NewKey("t", name), NewKey("t", "intact")
	for _, key := range []Key{k, intact} {
		if err := c.Put(key, sample(7)); err != nil {
			t.Fatal(err)
		}
		flush(t, c)
	}
	data, err := os.ReadFile(c.path(k))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.path(k), fn(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var v value
	if c.Get(k, &v) {
		t.Fatalf("damaged entry served: %+v", v)
	}
	if _, err := os.Stat(c.path(k)); !os.IsNotExist(err) {
		t.Fatalf("damaged entry left in place: %v", err)
	}
	if st := c.Stats(); st.Damaged != 1 {
		t.Fatalf("damaged = %d", st.Damaged)
	}
	var ok value
	if !c.Get(intact, &ok) || !reflect.DeepEqual(ok, sample(7)) {
		t.Fatal("intact entry lost")
	}
	// Recomputed and stored again, it hits.
	if err := c.Put(k, sample(7)); err != nil {
		t.Fatal(err)
	}
	flush(t, c)
	if !c.Get(k, &v) {
		t.Fatal("rewritten entry missed")
	}
}

// An entry of format 1 (JSON compressed with DEFLATE, as the cache wrote
// before S2), intact or truncated, is dropped, not counted as damage, and
// recomputed; the entry written again is of the current format.
func TestEarlierFormatIsDroppedAndRewritten(t *testing.T) {
	format1 := func(v any) []byte {
		var payload bytes.Buffer
		zw, err := stdflate.NewWriter(&payload, stdflate.BestSpeed)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.NewEncoder(zw).Encode(v); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		out := make([]byte, headerSize)
		copy(out, magic)
		binary.BigEndian.PutUint16(out[len(magic):], 1)
		out[len(magic)+2] = 1
		binary.BigEndian.PutUint32(out[len(magic)+4:], uint32(payload.Len()))
		sum := sha256.Sum256(payload.Bytes())
		copy(out[len(magic)+8:], sum[:])
		return append(out, payload.Bytes()...)
	}
	for name, data := range map[string][]byte{
		"intact":    format1(sample(7)),
		"truncated": format1(sample(7))[:headerSize+5],
	} {
		t.Run(name, func(t *testing.T) {
			c := open(t, t.TempDir(), 1<<20)
			k := NewKey("t", "old")
			if err := os.MkdirAll(filepath.Dir(c.path(k)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(c.path(k), data, 0o644); err != nil {
				t.Fatal(err)
			}
			var v value
			if c.Get(k, &v) {
				t.Fatalf("an entry of format 1 was read: %+v", v)
			}
			if _, err := os.Stat(c.path(k)); !os.IsNotExist(err) {
				t.Fatalf("entry of format 1 left in place: %v", err)
			}
			if st := c.Stats(); st.Damaged != 0 || st.Misses != 1 {
				t.Fatalf("stats %+v: an earlier format is a miss, not damage", st)
			}
			if err := c.Put(k, sample(7)); err != nil {
				t.Fatal(err)
			}
			flush(t, c)
			if !c.Get(k, &v) || !reflect.DeepEqual(v, sample(7)) {
				t.Fatalf("recomputed entry: %+v", v)
			}
			again, err := readEntry(c.path(k), k)
			if err != nil {
				t.Fatal(err)
			}
			if f := binary.BigEndian.Uint16(again[len(magic):]); f != formatVersion {
				t.Fatalf("rewritten as format %d", f)
			}
		})
	}
}

func mustEncode(t *testing.T, v any) []byte {
	b, err := encode(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func diskBytes(t *testing.T, dir string) int64 {
	t.Helper()
	c := &Cache{dir: dir}
	entries, _, err := c.list()
	if err != nil {
		t.Fatal(err)
	}
	// Counted here as du counts: each file once, whatever its names.
	var n int64
	seen := map[fileid.ID]bool{}
	for _, e := range entries {
		info, err := os.Stat(e.path)
		if err != nil {
			t.Fatal(err)
		}
		if id, _, ok := fileid.Of(info); ok {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		n += info.Size()
	}
	return n
}

// The cache never holds more than its bound, and keeps the entries used
// last: one read just before the bound is hit survives.
func TestEvictionKeepsBoundAndRecentlyUsed(t *testing.T) {
	layouts(t, evictionKeepsBoundAndRecentlyUsed)
}

func evictionKeepsBoundAndRecentlyUsed(t *testing.T, open func(*testing.T, string, int64) *Cache) {
	dir := t.TempDir()
	one := int64(len(mustEncode(t, sample(0))))
	max := 10 * one
	c := open(t, dir, max)
	keep := NewKey("t", "keep")
	if err := c.Put(keep, sample(0)); err != nil {
		t.Fatal(err)
	}
	flush(t, c)
	base := time.Now().Add(-time.Hour)
	for i := 1; i < 40; i++ {
		k := NewKey("t", strconv.Itoa(i))
		if err := c.Put(k, sample(0)); err != nil {
			t.Fatal(err)
		}
		flush(t, c)
		// File times stand for use times; space them so the order is
		// certain whatever the file system's time resolution.
		ts := base.Add(time.Duration(i) * time.Second)
		_ = os.Chtimes(c.path(k), ts, ts)
		var v value
		if !c.Get(keep, &v) {
			t.Fatalf("recently used entry evicted after %d writes", i)
		}
		_ = os.Chtimes(c.path(keep), ts.Add(time.Millisecond*500), ts.Add(time.Millisecond*500))
		if got := diskBytes(t, dir); got > max {
			t.Fatalf("after %d writes the cache holds %d bytes, over its bound %d", i, got, max)
		}
	}
	if c.Stats().Evicted == 0 {
		t.Fatal("nothing evicted")
	}
	// A fresh Open counts what is on disk.
	if n, ok := c.readSize(); !ok || n != diskBytes(t, dir) {
		t.Fatalf("the shared count says %d (%v), disk holds %d", n, ok, diskBytes(t, dir))
	}
	// A lost count is counted again at Open.
	os.Remove(filepath.Join(dir, sizeName))
	if n, ok := open(t, dir, max).readSize(); !ok || n != diskBytes(t, dir) {
		t.Fatalf("open counted %d (%v), disk holds %d", n, ok, diskBytes(t, dir))
	}
}

func TestValueOverBoundIsNotStored(t *testing.T) {
	c := open(t, t.TempDir(), 64)
	k := NewKey("t", "big")
	if err := c.Put(k, sample(100)); err != nil {
		t.Fatal(err)
	}
	var v value
	if c.Get(k, &v) {
		t.Fatal("an entry over the whole bound was stored")
	}
}

// Goroutines writing, reading and evicting one small cache at once never
// read a wrong value: each key's value is a function of the key.
func TestConcurrentUseNeverServesWrongValue(t *testing.T) {
	dir := t.TempDir()
	max := 20 * int64(len(mustEncode(t, sample(5))))
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := Open(dir, max)
			if err != nil {
				t.Error(err)
				return
			}
			hammer(t, c, 300)
		}()
	}
	wg.Wait()
	if got := diskBytes(t, dir); got > max {
		t.Fatalf("cache holds %d bytes, over its bound %d", got, max)
	}
}

// hammer puts and gets n keys in a cycle, checking every hit.
func hammer(t testing.TB, c *Cache, n int) {
	for i := 0; i < n; i++ {
		id := i % 37
		k := NewKey("t", strconv.Itoa(id))
		var v value
		if c.Get(k, &v) {
			if !reflect.DeepEqual(v, sample(id)) {
				t.Errorf("key %d served %+v", id, v)
				return
			}
			continue
		}
		if err := c.Put(k, sample(id)); err != nil {
			t.Error(err)
			return
		}
		// Bundles of a few entries, so that goroutines and processes
		// meet on disk, replace and evict each other's.
		if i%5 == 0 {
			if err := c.Flush(); err != nil {
				t.Error(err)
				return
			}
		}
	}
	if err := c.Flush(); err != nil {
		t.Error(err)
	}
}

// Two processes on one cache (this test binary run again as a helper)
// never read a wrong value and keep the bound.
func TestConcurrentProcesses(t *testing.T) {
	if dir := os.Getenv("RESULTCACHE_HAMMER_DIR"); dir != "" {
		max, _ := strconv.ParseInt(os.Getenv("RESULTCACHE_HAMMER_MAX"), 10, 64)
		c, err := Open(dir, max)
		if err != nil {
			t.Fatal(err)
		}
		hammer(t, c, 400)
		return
	}
	dir := t.TempDir()
	max := 20 * int64(len(mustEncode(t, sample(5))))
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for i := 0; i < 2; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentProcesses$", "-test.count=1")
		cmd.Env = append(os.Environ(), "RESULTCACHE_HAMMER_DIR="+dir, fmt.Sprintf("RESULTCACHE_HAMMER_MAX=%d", max))
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	if got := diskBytes(t, dir); got > max {
		t.Fatalf("cache holds %d bytes, over its bound %d", got, max)
	}
	// The count may err high (an entry both processes wrote is counted
	// twice until an eviction counts again), never low.
	if n, ok := (&Cache{dir: dir}).readSize(); !ok || n < diskBytes(t, dir) {
		t.Fatalf("the shared count says %d (%v), disk holds %d", n, ok, diskBytes(t, dir))
	}
	if n, _ := filepath.Glob(filepath.Join(dir, tempPref+"*")); len(n) != 0 {
		t.Fatalf("temporary files left: %v", n)
	}
}

func TestFingerprint(t *testing.T) {
	type inner struct {
		A int `json:"a"`
	}
	type v1 struct {
		X inner   `json:"x"`
		T []inner `json:"t"`
	}
	type v2 struct {
		X inner   `json:"x"`
		T []inner `json:"t"`
		Y string  `json:"y"`
	}
	type retagged struct {
		X inner   `json:"x2"`
		T []inner `json:"t"`
	}
	type innerB struct {
		A string `json:"a"`
	}
	type deep struct {
		X innerB   `json:"x"`
		T []innerB `json:"t"`
	}
	type hidden struct {
		X int `json:"x"`
		y int
	}
	type iface struct {
		X any `json:"x"`
	}
	type withTime struct {
		When time.Time `json:"when"`
	}
	fp := func(t *testing.T, typ reflect.Type, carried map[string]bool) string {
		t.Helper()
		s, err := Fingerprint(carried, typ)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := fp(t, reflect.TypeFor[v1](), nil)
	if base != fp(t, reflect.TypeFor[v1](), nil) {
		t.Fatal("fingerprint not stable")
	}
	for name, typ := range map[string]reflect.Type{"field added": reflect.TypeFor[v2](), "retagged": reflect.TypeFor[retagged](), "nested retyped": reflect.TypeFor[deep]()} {
		if fp(t, typ, nil) == base {
			t.Errorf("%s: same fingerprint", name)
		}
	}
	if _, err := Fingerprint(nil, reflect.TypeFor[hidden]()); err == nil {
		t.Error("an unexported field was accepted")
	}
	_ = hidden{y: 1} // y is the unexported field under test
	name := reflect.TypeFor[hidden]().PkgPath() + "." + reflect.TypeFor[hidden]().Name() + ".y"
	fp(t, reflect.TypeFor[hidden](), map[string]bool{name: true})
	if _, err := Fingerprint(nil, reflect.TypeFor[iface]()); err == nil {
		t.Error("an interface field was accepted")
	}
	fp(t, reflect.TypeFor[withTime](), nil)
}

// TestFewDirectories checks the fan-out: a cold run's 200 entries make at
// most 16 directories (a mkdir costs about as much as an entry's write),
// and every entry is found again.
func TestFewDirectories(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir, 1<<30)
	for i := range 200 {
		if err := c.Put(NewKey("t", strconv.Itoa(i)), i); err != nil {
			t.Fatal(err)
		}
	}
	flush(t, c)
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	dirs := 0
	for _, de := range des {
		if de.IsDir() {
			dirs++
		}
	}
	if dirs == 0 || dirs > 16 {
		t.Fatalf("%d directories for 200 entries, want 1 to 16", dirs)
	}
	for i := range 200 {
		var got int
		if !c.Get(NewKey("t", strconv.Itoa(i)), &got) || got != i {
			t.Fatalf("entry %d: got %d", i, got)
		}
	}
}

// TestPayloadIsOneS2Block pins the entry format: the payload after the
// header is one S2 block of the value's JSON.
func TestPayloadIsOneS2Block(t *testing.T) {
	want := sample(7)
	data := mustEncode(t, want)
	if f, e := binary.BigEndian.Uint16(data[len(magic):]), data[len(magic)+2]; f != 2 || e != 2 {
		t.Fatalf("format %d encoding %d, want 2 and 2", f, e)
	}
	js, err := s2.Decode(nil, data[headerSize:])
	if err != nil {
		t.Fatal(err)
	}
	var got value
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

// An entry whose block claims more JSON than the bound is refused before
// anything is allocated for it: a few bytes on disk cannot make a read
// take hundreds of megabytes.
func TestBlockOverBoundIsRefusedBeforeAllocating(t *testing.T) {
	data := seal(binary.AppendUvarint(nil, maxValueBytes+1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var v value
	err := decode(data, &v)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, errDamaged) {
		t.Fatalf("decode: %v, want damaged", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Fatalf("decode allocated %d bytes for a block over the bound", n)
	}
	// The near miss: a block at the bound's side of it is read.
	if err := decode(mustEncode(t, sample(3)), &v); err != nil {
		t.Fatal(err)
	}
}
