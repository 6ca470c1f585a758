package resultcache

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// A bundle file holds several entries, each name of it an entry's key:
//
//	header: bundleMagic, format (uint16), reserved (uint16), count (uint32)
//	table:  count rows of key (32 bytes), offset (uint64), length (uint32)
//	records, each the key again and then an entry as a file of its own
//	holds it (header, payload)
//
// A reader finds its key's row and reads the record, which must begin
// with the same key: a damaged table can make a miss, never serve another
// entry's value. The entry's own header checks the rest.
const (
	bundleMagic      = "pyscoutB"
	bundleHeaderSize = len(bundleMagic) + 2 + 2 + 4
	bundleRowSize    = len(Key{}) + 8 + 4
	// bundleFormat changes with the layout above; a bundle of another
	// format is damaged.
	bundleFormat = 1
)

// Bounds of a bundle. A run's entries wait in memory until they reach
// bundleBytes or maxBundleEntries, then make a bundle; Flush makes one of
// the rest. An entry over maxBundledEntryBytes is a file of its own, to be
// evicted by itself. maxBundleEntries keeps a name's table read small
// (22 KB) and the names of a file far below any file system's link limit.
const (
	bundleBytes          = 4 << 20
	maxBundleEntries     = 512
	maxBundledEntryBytes = 1 << 20
)

// pend keeps an entry for the next bundle, and makes the bundle when the
// entries waiting reach its bounds: bundleBytes, or an eighth of the
// cache's bound, so that a bundle never holds much of a small cache.
func (c *Cache) pend(k Key, data []byte) error {
	c.pmu.Lock()
	if c.pending == nil {
		c.pending = map[Key][]byte{}
	}
	c.pendingBytes += len(data) - len(c.pending[k])
	c.pending[k] = data
	full := len(c.pending) >= maxBundleEntries || int64(c.pendingBytes) >= min(bundleBytes, c.maxBytes/8)
	c.pmu.Unlock()
	if full {
		return c.Flush()
	}
	return nil
}

// unwritten returns the entry under k that waits for a bundle or is being
// written in one.
func (c *Cache) unwritten(k Key) ([]byte, bool) {
	c.pmu.Lock()
	defer c.pmu.Unlock()
	if data, ok := c.pending[k]; ok {
		return data, true
	}
	data, ok := c.flushing[k]
	return data, ok
}

// Flush writes the entries waiting in memory as one bundle. A run calls it
// when it ends; entries not flushed are lost with the process, which costs
// their recomputation, nothing else. A nil Cache has nothing to flush.
func (c *Cache) Flush() error {
	if c == nil {
		return nil
	}
	c.fmu.Lock()
	defer c.fmu.Unlock()
	c.pmu.Lock()
	batch := c.pending
	c.pending, c.pendingBytes, c.flushing = nil, 0, batch
	c.pmu.Unlock()
	defer func() {
		c.pmu.Lock()
		c.flushing = nil
		c.pmu.Unlock()
	}()
	if len(batch) == 0 {
		return nil
	}
	keys := make([]Key, 0, len(batch))
	for k := range batch {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	var size int64
	tmp, err := c.writeTemp(func(f *os.File) (err error) {
		size, err = writeBundle(f, keys, batch)
		return err
	})
	if err != nil {
		c.writeErrors.Add(int64(len(keys)))
		return err
	}
	defer os.Remove(tmp)
	// Room is made and the names made under the lock, so that an
	// eviction sees a bundle with all its names or none, and never
	// counts its bytes freed while a name is still to come.
	var errs []error
	err = c.locked(func() error {
		if err := c.reserveLocked(size); err != nil {
			return err
		}
		for _, k := range keys {
			if err := c.link(tmp, k, batch[k]); err != nil {
				c.writeErrors.Add(1)
				errs = append(errs, err)
				continue
			}
			c.writes.Add(1)
			c.bytesWritten.Add(int64(len(batch[k])))
		}
		return nil
	})
	if err != nil {
		c.writeErrors.Add(int64(len(keys)))
		return fmt.Errorf("results cache: %w", err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("results cache: %d of %d entries not stored: %w", len(errs), len(keys), errs[0])
	}
	return nil
}

// link gives the bundle at tmp the name of k's entry, replacing an entry
// there. Where the file system refuses the link (no hard links, too many
// names), the entry is written as a file of its own (counted already: the
// bundle's bytes are, and it errs high). The caller holds the lock.
func (c *Cache) link(tmp string, k Key, data []byte) error {
	p := c.path(k)
	if err := c.mkdirFor(p); err != nil {
		return err
	}
	err := os.Link(tmp, p)
	if errors.Is(err, fs.ErrExist) {
		// Replace atomically: a second name, renamed over the entry.
		named := filepath.Join(filepath.Dir(p), tempPref+k.String())
		os.Remove(named)
		if err = os.Link(tmp, named); err == nil {
			if err = os.Rename(named, p); err != nil {
				os.Remove(named)
			}
		}
	}
	if err == nil {
		return nil
	}
	own, werr := c.writeTempData(data)
	if werr != nil {
		return werr
	}
	if err := os.Rename(own, p); err != nil {
		os.Remove(own)
		return fmt.Errorf("results cache: %w", err)
	}
	return nil
}

// writeBundle writes the bundle of the entries under keys and returns its
// size.
func writeBundle(f io.Writer, keys []Key, entries map[Key][]byte) (int64, error) {
	w := bufio.NewWriterSize(f, 256<<10)
	head := make([]byte, bundleHeaderSize, bundleHeaderSize+len(keys)*bundleRowSize)
	copy(head, bundleMagic)
	binary.BigEndian.PutUint16(head[len(bundleMagic):], bundleFormat)
	binary.BigEndian.PutUint32(head[len(bundleMagic)+4:], uint32(len(keys)))
	off := uint64(bundleHeaderSize + len(keys)*bundleRowSize)
	for _, k := range keys {
		n := len(k) + len(entries[k])
		head = append(head, k[:]...)
		head = binary.BigEndian.AppendUint64(head, off)
		head = binary.BigEndian.AppendUint32(head, uint32(n))
		off += uint64(n)
	}
	w.Write(head)
	for _, k := range keys {
		w.Write(k[:])
		w.Write(entries[k])
	}
	return int64(off), w.Flush()
}

// firstRead is how much of a file a read takes at once: a small entry
// whole, or a bundle's header and table (22 KB at most).
const firstRead = 64 << 10

// readEntry reads the entry under k from the file at p, a file of its own
// or a bundle. An error wrapping errDamaged means the name is to be
// dropped; any other (a missing file) is a plain miss.
func readEntry(p string, k Key) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := info.Size()
	buf := make([]byte, min(size, firstRead))
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, fmt.Errorf("%w: %w", errDamaged, err)
	}
	if !bytes.HasPrefix(buf, []byte(bundleMagic)) {
		// An entry of its own (or garbage, which decode refuses).
		if int64(len(buf)) == size {
			return buf, nil
		}
		rest := make([]byte, size)
		copy(rest, buf)
		if _, err := io.ReadFull(f, rest[len(buf):]); err != nil {
			return nil, fmt.Errorf("%w: %w", errDamaged, err)
		}
		return rest, nil
	}
	if len(buf) < bundleHeaderSize {
		return nil, fmt.Errorf("%w: short bundle header", errDamaged)
	}
	if v := binary.BigEndian.Uint16(buf[len(bundleMagic):]); v != bundleFormat {
		return nil, fmt.Errorf("%w: bundle format %d", errDamaged, v)
	}
	count := int(binary.BigEndian.Uint32(buf[len(bundleMagic)+4:]))
	end := bundleHeaderSize + count*bundleRowSize
	if count > maxBundleEntries || end > len(buf) {
		return nil, fmt.Errorf("%w: bundle table of %d rows", errDamaged, count)
	}
	// The records must tile the file after the table, as written: a
	// bundle cut short or grown is damaged, whichever record is read.
	var found []byte
	next := uint64(end)
	for row := buf[bundleHeaderSize:end]; len(row) > 0; row = row[bundleRowSize:] {
		off := binary.BigEndian.Uint64(row[len(k):])
		n := uint64(binary.BigEndian.Uint32(row[len(k)+8:]))
		if off != next || n < uint64(len(k)+headerSize) {
			return nil, fmt.Errorf("%w: bundle rows do not tile the file", errDamaged)
		}
		if bytes.Equal(row[:len(k)], k[:]) {
			found = row
		}
		next += n
	}
	if next != uint64(size) {
		return nil, fmt.Errorf("%w: bundle of %d bytes, its rows say %d", errDamaged, size, next)
	}
	if found == nil {
		return nil, fmt.Errorf("%w: key not in its bundle", errDamaged)
	}
	off := int64(binary.BigEndian.Uint64(found[len(k):]))
	rec := make([]byte, binary.BigEndian.Uint32(found[len(k)+8:]))
	if _, err := f.ReadAt(rec, off); err != nil {
		return nil, fmt.Errorf("%w: %w", errDamaged, err)
	}
	if !bytes.Equal(rec[:len(k)], k[:]) {
		return nil, fmt.Errorf("%w: bundle record of another key", errDamaged)
	}
	return rec[len(k):], nil
}
