// Package resultcache is a content-addressed store of analysis results on
// disk: each entry is a file name made of its key (a hash of everything the
// result depends on), holding a versioned, checksummed encoding of the
// value. It is bounded in bytes, evicting the least recently used entries,
// and safe to share between processes: a file is written under a temporary
// name and linked or renamed into place, and a file lock guards the shared
// count of bytes (the file .size) and eviction, so that processes writing
// at once keep one bound. Reads take no lock. A damaged entry is dropped
// and reported as a miss, never decoded.
//
// Where the platform has hard links, the entries a run writes are kept in
// memory (where Get sees them) and written together as one bundle file,
// whose one inode every entry's name links to: creating a file costs some
// file systems a millisecond of kernel time, and a cold run writes hundreds
// of entries. Byte counts count a bundle once, however many names it has;
// it is evicted when all its names are, and a read of any of its entries
// refreshes the whole bundle's place in the LRU order.
package resultcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofrs/flock"
	"github.com/klauspost/compress/s2"

	"github.com/pyscout/pyscout/internal/fileid"
)

// Key names an entry: the SHA-256 of everything its value depends on.
type Key [sha256.Size]byte

// NewKey hashes kind and parts into a Key. Each part is length-prefixed,
// so that ("ab", "c") and ("a", "bc") make different keys.
func NewKey(kind string, parts ...string) Key {
	h := sha256.New()
	var n [8]byte
	for _, p := range append([]string{kind}, parts...) {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// String is the key in hex, the entry's file name.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Stats counts what a Cache did since it was opened.
type Stats struct {
	// Hits and Misses count Get calls; a damaged entry is a miss.
	Hits   int64 `json:"hits"`
	Misses int64 `json:"misses"`
	// Writes counts entries stored; WriteErrors those that could not be.
	Writes      int64 `json:"writes"`
	WriteErrors int64 `json:"write_errors,omitempty"`
	// Damaged counts entries dropped because their header, length,
	// checksum or encoding was wrong.
	Damaged int64 `json:"damaged,omitempty"`
	// Evicted counts entries removed to keep the cache within its bound.
	Evicted int64 `json:"evicted,omitempty"`
	// BytesRead and BytesWritten are the sizes of the entries read on a
	// hit and written, headers included.
	BytesRead    int64 `json:"bytes_read"`
	BytesWritten int64 `json:"bytes_written"`
}

// Cache is a results store in one directory. Its methods are safe for
// concurrent use, and other processes may use the same directory at once.
// A nil *Cache is a disabled cache: every Get misses, every Put is dropped.
type Cache struct {
	dir      string
	maxBytes int64
	// mu orders this process's writers; the file lock orders processes
	// (an flock is held per open file, so goroutines need mu as well).
	mu sync.Mutex
	// lease is the bytes this process has added to the shared count and
	// not yet written: a writer takes the file lock only to lease more
	// (leaseShare of the bound at a time), not for every entry. Under mu.
	lease int64
	// dirs are the fan-out directories known to exist.
	dirs sync.Map
	// bundled is whether entries are written in bundles (the platform
	// has hard links and file identities); otherwise each is a file.
	bundled bool
	// pmu guards pending, the entries waiting for a bundle, and
	// flushing, those of the bundle being written: Get reads both.
	pmu          sync.Mutex
	pending      map[Key][]byte
	pendingBytes int
	flushing     map[Key][]byte
	// fmu makes one bundle at a time.
	fmu sync.Mutex

	hits, misses, writes, writeErrors, damaged, evicted, bytesRead, bytesWritten atomic.Int64
}

// Header layout of an entry file: magic, format, encoding, payload length,
// payload SHA-256.
const (
	magic      = "pyscoutR"
	headerSize = len(magic) + 2 + 1 + 1 + 4 + sha256.Size
	// formatVersion changes when the header or encoding changes. Entries
	// of an earlier format are dropped and recomputed, never read: format
	// 1 was JSON compressed with DEFLATE (encoding 1).
	formatVersion = 2
	// encodingJSONS2 is JSON compressed as one S2 block (klauspost's
	// extension of Snappy): it compresses the facts of a file in about a
	// fifth of the time of DEFLATE at its fastest level, which halves an
	// entry's encoding (a cold run writes one per file) and cuts its
	// decoding, for two fifths more bytes on disk (BenchmarkEncodeFacts,
	// BenchmarkDecodeFacts). The header's SHA-256 is the check: an S2
	// block carries none.
	encodingJSONS2 = 2
)

// maxValueBytes bounds the JSON of one value: a larger value is not
// stored, and an entry claiming more is damaged (its decoded length is
// read before anything is allocated for it).
const maxValueBytes = 256 << 20

// leaseShare is the share of the bound leased at a time. An eviction
// counts the bytes on disk and so forgets other processes' unused leases:
// the headroom below lowWater covers them for up to (1-lowWater)/leaseShare
// processes writing at once.
const leaseShare = 1.0 / 64

// lowWater is the share of the bound an eviction brings the cache down to,
// so that it does not run again at the next write.
const lowWater = 0.9

// staleTemp is the age past which a temporary file, left by a process
// killed between writing and renaming, is removed.
const staleTemp = 10 * time.Minute

const (
	lockName = ".lock"
	sizeName = ".size"
	tempPref = ".tmp-"
)

// Open opens (creating it if needed) the cache in dir, bounded to maxBytes.
func Open(dir string, maxBytes int64) (*Cache, error) {
	if maxBytes <= 0 {
		return nil, fmt.Errorf("results cache %s: bound must be positive, not %d", dir, maxBytes)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("results cache: %w", err)
	}
	c := &Cache{dir: dir, maxBytes: maxBytes, bundled: fileid.Supported}
	err := c.locked(func() error {
		if _, ok := c.readSize(); ok {
			return nil
		}
		_, err := c.evict(c.maxBytes)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("results cache %s: %w", dir, err)
	}
	return c, nil
}

// reserve takes n bytes of this process's lease, leasing more from the
// shared count (evicting to make room) when it is short. The caller
// holds mu; the file lock is taken only to lease more.
func (c *Cache) reserve(n int64) error {
	if c.lease >= n {
		return c.reserveLocked(n)
	}
	return c.flocked(func() error { return c.reserveLocked(n) })
}

// reserveLocked is reserve for a caller that holds mu and the file lock
// (or, with a lease of at least n, needs none).
func (c *Cache) reserveLocked(n int64) error {
	if c.lease >= n {
		c.lease -= n
		return nil
	}
	want := max(n, int64(float64(c.maxBytes)*leaseShare))
	total, ok := c.readSize()
	if !ok || total+want > c.maxBytes {
		var err error
		if total, err = c.evict(max(int64(float64(c.maxBytes)*lowWater)-want, 0)); err != nil {
			return err
		}
	}
	c.writeSize(total + want)
	c.lease += want - n
	return nil
}

// locked runs fn holding the cache's lock, in this process and across
// processes.
func (c *Cache) locked(fn func() error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flocked(fn)
}

// flocked runs fn holding the file lock; the caller holds mu.
func (c *Cache) flocked(fn func() error) error {
	lock := flock.New(filepath.Join(c.dir, lockName))
	if err := lock.Lock(); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	defer lock.Unlock()
	return fn()
}

// readSize reads the shared count of the entries' bytes; false when it is
// missing or unreadable (it is then counted again).
func (c *Cache) readSize() (int64, bool) {
	data, err := os.ReadFile(filepath.Join(c.dir, sizeName))
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	return n, err == nil && n >= 0
}

func (c *Cache) writeSize(n int64) {
	_ = os.WriteFile(filepath.Join(c.dir, sizeName), []byte(strconv.FormatInt(n, 10)+"\n"), 0o644)
}

// Dir is the cache's directory.
func (c *Cache) Dir() string {
	if c == nil {
		return ""
	}
	return c.dir
}

// fanOut is how many leading hex digits of a key name its directory. One
// digit makes 16 directories: a cold run's first writes make each with a
// mkdir, which costs about as much as writing an entry, and two digits
// (256 directories) made one for nearly every entry of a small portfolio.
// Sixteen still keep a full cache (a million small entries) to some tens
// of thousands of files per directory, which ext4, XFS and APFS index.
// Entries of the earlier two-digit layout are never read; as the least
// recently used they are the first evicted.
const fanOut = 1

func (c *Cache) path(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, s[:fanOut], s)
}

// Get decodes the entry under k into v and reports whether there was one,
// on disk or still waiting in memory for its bundle. An entry that is
// damaged in any way (short, wrong header, checksum mismatch, undecodable,
// a bundle's row or record wrong) or of an earlier format is removed and
// reported as a miss.
func (c *Cache) Get(k Key, v any) bool {
	if c == nil {
		return false
	}
	if data, ok := c.unwritten(k); ok {
		if decode(data, v) != nil {
			c.misses.Add(1)
			return false
		}
		c.hits.Add(1)
		c.bytesRead.Add(int64(len(data)))
		return true
	}
	p := c.path(k)
	data, err := readEntry(p, k)
	if err == nil {
		err = decode(data, v)
	} else if !errors.Is(err, errDamaged) {
		c.misses.Add(1)
		return false
	}
	if err != nil {
		if !errors.Is(err, errStale) {
			c.damaged.Add(1)
		}
		c.misses.Add(1)
		// The shared count over-counts it until the next eviction
		// counts again: the bound still holds.
		_ = os.Remove(p)
		return false
	}
	// The file's time is its last use, for the LRU order.
	now := time.Now()
	_ = os.Chtimes(p, now, now)
	c.hits.Add(1)
	c.bytesRead.Add(int64(len(data)))
	return true
}

// Put stores v under k, replacing any entry there. The entry appears
// whole or not at all: it is written to a temporary file and renamed or
// linked into place, at once or (in a bundle) by the next Flush. If
// the cache would then be over its bound, the least recently used entries
// are evicted first, down to lowWater of the bound. A value larger than
// the whole bound is not stored.
func (c *Cache) Put(k Key, v any) error {
	if c == nil {
		return nil
	}
	data, err := encode(v)
	if err != nil {
		c.writeErrors.Add(1)
		return fmt.Errorf("results cache: encode %T: %w", v, err)
	}
	if int64(len(data)) > c.maxBytes {
		return nil
	}
	if c.bundled && len(data) <= maxBundledEntryBytes {
		return c.pend(k, data)
	}
	if err := c.write(c.path(k), data); err != nil {
		c.writeErrors.Add(1)
		return err
	}
	c.writes.Add(1)
	c.bytesWritten.Add(int64(len(data)))
	return nil
}

// mkdirFor makes the fan-out directory of the entry at p.
func (c *Cache) mkdirFor(p string) error {
	if _, ok := c.dirs.Load(filepath.Dir(p)); !ok {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("results cache: %w", err)
		}
		c.dirs.Store(filepath.Dir(p), true)
	}
	return nil
}

// writeTemp writes data to a new temporary file in the cache directory
// and returns its name.
func (c *Cache) writeTemp(write func(*os.File) error) (string, error) {
	tmp, err := os.CreateTemp(c.dir, tempPref)
	if err != nil {
		return "", fmt.Errorf("results cache: %w", err)
	}
	werr := write(tmp)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("results cache: write %s: %w", tmp.Name(), err)
	}
	return tmp.Name(), nil
}

// writeTempData writes data to a new temporary file and returns its name.
func (c *Cache) writeTempData(data []byte) (string, error) {
	return c.writeTemp(func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

// write writes data to a temporary file outside the lock, then, under it,
// makes room, renames it into place and counts it.
func (c *Cache) write(p string, data []byte) error {
	if err := c.mkdirFor(p); err != nil {
		return err
	}
	tmp, err := c.writeTempData(data)
	if err != nil {
		return err
	}
	c.mu.Lock()
	err = c.reserve(int64(len(data)))
	if err == nil {
		// An entry replaced stays counted until the next eviction counts
		// again: the count errs high, and the bound holds.
		err = os.Rename(tmp, p)
	}
	c.mu.Unlock()
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("results cache: %w", err)
	}
	return nil
}

// Stats returns the counters since Open; the zero Stats for a nil Cache.
func (c *Cache) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	return Stats{
		Hits: c.hits.Load(), Misses: c.misses.Load(), Writes: c.writes.Load(), WriteErrors: c.writeErrors.Load(),
		Damaged: c.damaged.Load(), Evicted: c.evicted.Load(), BytesRead: c.bytesRead.Load(), BytesWritten: c.bytesWritten.Load(),
	}
}

// entry is one name of the cache as listed for eviction. Names that link
// to one file (a bundle) share its id, size and time.
type entry struct {
	path string
	size int64
	used time.Time
	// id identifies the file where the platform can (hasID).
	id    fileid.ID
	hasID bool
}

// usage is the bytes the entries hold on disk: a file with several names
// is counted once.
func usage(entries []entry) int64 {
	var total int64
	seen := map[fileid.ID]bool{}
	for _, e := range entries {
		if e.hasID {
			if seen[e.id] {
				continue
			}
			seen[e.id] = true
		}
		total += e.size
	}
	return total
}

// list returns the entries and the temporary files under the cache dir.
func (c *Cache) list() (entries, temps []entry, err error) {
	err = filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed by another process meanwhile
			}
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		e := entry{path: p, size: info.Size(), used: info.ModTime()}
		e.id, _, e.hasID = fileid.Of(info)
		switch name := d.Name(); {
		case name == lockName || name == sizeName:
		case strings.HasPrefix(name, tempPref):
			temps = append(temps, e)
		default:
			entries = append(entries, e)
		}
		return nil
	})
	return entries, temps, err
}

// evict counts the entries on disk and removes the least recently used
// until they hold at most target bytes; it returns what they hold then,
// and writes it to the shared count. The caller holds the lock.
func (c *Cache) evict(target int64) (int64, error) {
	entries, temps, err := c.list()
	if err != nil {
		return 0, err
	}
	now := time.Now()
	for _, t := range temps {
		if now.Sub(t.used) > staleTemp {
			os.Remove(t.path)
		}
	}
	total := usage(entries)
	// A file's bytes are freed with its last name: count the names.
	names := map[fileid.ID]int{}
	for _, e := range entries {
		if e.hasID {
			names[e.id]++
		}
	}
	// Oldest first; the names of one bundle (one time) together.
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if !a.used.Equal(b.used) {
			return a.used.Before(b.used)
		}
		if a.id.Dev != b.id.Dev {
			return a.id.Dev < b.id.Dev
		}
		return a.id.Ino < b.id.Ino
	})
	for _, e := range entries {
		if total <= target {
			break
		}
		if err := os.Remove(e.path); err == nil || errors.Is(err, fs.ErrNotExist) {
			if err == nil {
				c.evicted.Add(1)
			}
			if e.hasID {
				if names[e.id]--; names[e.id] > 0 {
					continue
				}
			}
			total -= e.size
		}
	}
	c.writeSize(total)
	return total, nil
}

// errDamaged is wrapped by every decode failure; errStale by those of an
// entry of an earlier format, which is no damage (Stats does not count it
// as such) but is dropped all the same.
var (
	errDamaged = errors.New("damaged entry")
	errStale   = fmt.Errorf("%w: earlier format", errDamaged)
)

// buffers hold an entry's JSON and its compressed form while it is made,
// so that a cold run's writes do not grow new ones for every entry.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest buffer kept for reuse: the pool is not
// to pin the memory of one exceptional value.
const maxPooledBuffer = 1 << 20

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		b.Reset()
		buffers.Put(b)
	}
}

func encode(v any) ([]byte, error) {
	plain := buffers.Get().(*bytes.Buffer)
	defer putBuffer(plain)
	if err := json.NewEncoder(plain).Encode(v); err != nil {
		return nil, err
	}
	if plain.Len() > maxValueBytes {
		return nil, fmt.Errorf("%d bytes of JSON, over the entry bound %d", plain.Len(), maxValueBytes)
	}
	packed := buffers.Get().(*bytes.Buffer)
	defer putBuffer(packed)
	packed.Grow(s2.MaxEncodedLen(plain.Len()))
	return seal(s2.Encode(packed.AvailableBuffer()[:s2.MaxEncodedLen(plain.Len())], plain.Bytes())), nil
}

// seal returns an entry of the current format holding payload (an S2
// block of JSON): the header, with the payload's length and SHA-256, then
// the payload, in a new slice.
func seal(payload []byte) []byte {
	out := make([]byte, headerSize, headerSize+len(payload))
	copy(out, magic)
	binary.BigEndian.PutUint16(out[len(magic):], formatVersion)
	out[len(magic)+2] = encodingJSONS2
	binary.BigEndian.PutUint32(out[len(magic)+4:], uint32(len(payload)))
	sum := sha256.Sum256(payload)
	copy(out[len(magic)+8:], sum[:])
	return append(out, payload...)
}

func decode(data []byte, v any) error {
	if len(data) < headerSize || string(data[:len(magic)]) != magic {
		return fmt.Errorf("%w: no header", errDamaged)
	}
	f, enc := binary.BigEndian.Uint16(data[len(magic):]), data[len(magic)+2]
	if f < formatVersion {
		return fmt.Errorf("%w %d", errStale, f)
	}
	if f != formatVersion || enc != encodingJSONS2 {
		return fmt.Errorf("%w: format %d encoding %d", errDamaged, f, enc)
	}
	payload := data[headerSize:]
	if n := binary.BigEndian.Uint32(data[len(magic)+4:]); int64(n) != int64(len(payload)) {
		return fmt.Errorf("%w: %d payload bytes, header says %d", errDamaged, len(payload), n)
	}
	if sum := sha256.Sum256(payload); !bytes.Equal(sum[:], data[len(magic)+8:headerSize]) {
		return fmt.Errorf("%w: checksum mismatch", errDamaged)
	}
	n, err := s2.DecodedLen(payload)
	if err != nil {
		return fmt.Errorf("%w: %w", errDamaged, err)
	}
	if n > maxValueBytes {
		return fmt.Errorf("%w: %d bytes of JSON, over the entry bound %d", errDamaged, n, maxValueBytes)
	}
	plain := buffers.Get().(*bytes.Buffer)
	defer putBuffer(plain)
	plain.Grow(n)
	js, err := s2.Decode(plain.AvailableBuffer()[:n], payload)
	if err != nil {
		return fmt.Errorf("%w: %w", errDamaged, err)
	}
	// Unmarshal refuses trailing data after the value, which would mean
	// the writer and reader disagree.
	if err := json.Unmarshal(js, v); err != nil {
		return fmt.Errorf("%w: %w", errDamaged, err)
	}
	return nil
}
