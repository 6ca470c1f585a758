package batch

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard is one share of a shortlist: candidate c belongs to shard Index of
// Count when the hash of its lower-cased login, modulo Count, is Index.
// The hash depends on the login alone, so adding or removing a row moves
// nobody else to another shard. The zero Shard (Count 0) takes everyone.
type Shard struct {
	Index, Count int
}

// maxShards bounds --shard's N.
const maxShards = 10_000

// ParseShard reads "I/N", 0 <= I < N (I is 0-based, as Kubernetes'
// JOB_COMPLETION_INDEX is).
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	idx, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard: want I/N such as 0/4 (I counts from 0), got %q", s)
	}
	if count < 1 || count > maxShards {
		return Shard{}, fmt.Errorf("--shard: N must be between 1 and %d, not %d", maxShards, count)
	}
	if idx < 0 || idx >= count {
		return Shard{}, fmt.Errorf("--shard: I must be between 0 and %d for N = %d, not %d", count-1, count, idx)
	}
	return Shard{Index: idx, Count: count}, nil
}

// String is the "I/N" form, "" for the whole list.
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Has reports whether the shard takes c.
func (s Shard) Has(c Candidate) bool {
	if s.Count <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(c.Key()))
	return h.Sum64()%uint64(s.Count) == uint64(s.Index)
}

// Select returns the candidates of the shard, in list order.
func (s Shard) Select(all []Candidate) []Candidate {
	out := make([]Candidate, 0, len(all))
	for _, c := range all {
		if s.Has(c) {
			out = append(out, c)
		}
	}
	return out
}
