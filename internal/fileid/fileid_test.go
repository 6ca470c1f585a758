package fileid

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLinksShareAnIDAndOthersDoNot(t *testing.T) {
	if !Supported {
		t.Skip("no file identity on this platform")
	}
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	if err := os.WriteFile(a, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(a, b); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	if err := os.WriteFile(c, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	id := func(p string) (ID, uint64) {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		i, n, ok := Of(info)
		if !ok {
			t.Fatalf("%s: no ID", p)
		}
		return i, n
	}
	ia, na := id(a)
	ib, nb := id(b)
	ic, nc := id(c)
	if ia != ib || na != 2 || nb != 2 {
		t.Errorf("links: %v/%d and %v/%d, want one ID with 2 links", ia, na, ib, nb)
	}
	if ic == ia || nc != 1 {
		t.Errorf("a separate file: %v/%d, want another ID with 1 link (a is %v)", ic, nc, ia)
	}
}
