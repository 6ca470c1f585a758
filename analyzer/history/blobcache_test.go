package history

import (
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestBlobCacheBound: the cache keeps the most recently used versions
// within its bound, drops the least recent first, and keeps no version
// larger than the bound on its own.
func TestBlobCacheBound(t *testing.T) {
	text := func(n int) *blobText { return &blobText{text: strings.Repeat("line\n", n)} }
	h := func(i byte) plumbing.Hash { return plumbing.Hash{i} }
	one := blobCost(text(10))
	c := newBlobCache(3 * one)
	for i := range byte(3) {
		c.put(h(i), text(10))
	}
	if _, ok := c.get(h(0)); !ok { // 0 is now the most recent
		t.Fatal("version 0 dropped within the bound")
	}
	c.put(h(3), text(10)) // drops 1, the least recent
	for i, want := range []bool{true, false, true, true} {
		if _, ok := c.get(h(byte(i))); ok != want {
			t.Errorf("version %d kept: %v, want %v", i, ok, want)
		}
	}
	if c.size > c.max || c.size != 3*one {
		t.Errorf("cache holds %d bytes, bound %d, want %d", c.size, c.max, 3*one)
	}
	c.put(h(9), text(100)) // larger than the whole bound: not kept, nothing dropped
	if _, ok := c.get(h(9)); ok || c.order.Len() != 3 {
		t.Errorf("a version over the bound was kept (or dropped others): %d kept", c.order.Len())
	}
	// A binary version costs its bookkeeping only.
	if got := blobCost(&blobText{binary: true}); got != 128 {
		t.Errorf("binary version costs %d, want 128", got)
	}
}
