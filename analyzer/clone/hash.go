package clone

import (
	"crypto"
	"crypto/sha1"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/hash"
)

// go-git names every object it indexes by hashing it, and hashes with
// sha1cd, a SHA-1 that detects the collision attacks (SHAttered) as it
// goes, by default: on a 6-repository run that detection cost 0.3 of the
// 0.9 CPU-s of pack indexing. The clone stage has go-git use crypto/sha1
// (SHA-NI on amd64, the SHA-1 instructions on arm64) instead. The trade
// is written down in docs/clone.md: GitHub refuses objects that carry the
// attack at push, the repository's owner already chooses every byte
// pyscout reads, and no results-cache key of a file's facts trusts SHA-1.
//
// go-git keeps its hash functions in a process-wide table with no lock, so
// the choice is made once, at init, before any clone can hash.
func init() {
	if err := hash.RegisterHash(crypto.SHA1, sha1.New); err != nil {
		panic(fmt.Sprintf("clone: register crypto/sha1 with go-git: %v", err))
	}
}
