package clone

import (
	"crypto"
	"crypto/sha1"
	"fmt"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/hash"
)

// go-git hashes with crypto/sha1 in any program that links the clone
// stage, not with its default sha1cd.
func TestGoGitHashesWithCryptoSHA1(t *testing.T) {
	got, want := fmt.Sprintf("%T", hash.New(crypto.SHA1)), fmt.Sprintf("%T", sha1.New())
	if got != want {
		t.Fatalf("go-git's SHA-1 is %s, want crypto/sha1's %s", got, want)
	}
	// The near-miss: SHA-256, for repositories in that object format,
	// stays go-git's own choice.
	if got := fmt.Sprintf("%T", hash.New(crypto.SHA256)); got == want {
		t.Errorf("SHA-256 was replaced by %s", got)
	}
	// And the ids are git's: the empty blob's well-known id.
	if id := plumbing.ComputeHash(plumbing.BlobObject, nil).String(); id != "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391" {
		t.Errorf("empty blob id %s", id)
	}
}
