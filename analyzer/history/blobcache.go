package history

import (
	"container/list"

	"github.com/go-git/go-git/v5/plumbing"
)

// blobCache keeps the file versions read most recently, by hash, up to a
// number of bytes. Each version takes part in two diffs: on the new side
// of the commit that made it and on the old side of the next change to its
// path, which walking newest first comes later, often a few commits
// later; kept here it is read, inflated and split into lines once.
type blobCache struct {
	max, size int64
	order     list.List // of *cachedBlob, the most recent first
	byHash    map[plumbing.Hash]*list.Element
}

// maxBlobCacheBytes bounds the versions kept: their text and their line
// numbers (four bytes a line), 32 MiB in all, twice the most one commit
// reads (DefaultMaxCommitDiffBytes).
const maxBlobCacheBytes = 32 << 20

type cachedBlob struct {
	hash plumbing.Hash
	t    *blobText
	cost int64
}

func newBlobCache(max int64) *blobCache {
	return &blobCache{max: max, byHash: map[plumbing.Hash]*list.Element{}}
}

// get returns the version h if it is kept, and makes it the most recent.
func (c *blobCache) get(h plumbing.Hash) (*blobText, bool) {
	e, ok := c.byHash[h]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedBlob).t, true
}

// put keeps the version h, dropping the least recent ones over the bound;
// a version larger than the bound on its own is not kept.
func (c *blobCache) put(h plumbing.Hash, t *blobText) {
	cost := blobCost(t)
	if cost > c.max {
		return
	}
	if _, ok := c.byHash[h]; ok {
		return
	}
	for c.size+cost > c.max {
		last := c.order.Back()
		cb := last.Value.(*cachedBlob)
		c.order.Remove(last)
		delete(c.byHash, cb.hash)
		c.size -= cb.cost
	}
	c.byHash[h] = c.order.PushFront(&cachedBlob{hash: h, t: t, cost: cost})
	c.size += cost
}

// blobCost is what a version costs kept: its text, the runes its lines
// will be numbered with, and a little for the bookkeeping.
func blobCost(t *blobText) int64 {
	return int64(len(t.text)) + 4*int64(countLines(t.text)) + 128
}
