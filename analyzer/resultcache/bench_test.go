package resultcache

import (
	"strconv"
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
