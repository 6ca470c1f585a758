package history

import (
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// keepOpen returns a handle on repo's object store that keeps its pack
// files open until done is called, and done. go-git's default storage
// opens, resolves (an Lstat per path component) and closes a pack file for
// every object it reads; a history walk reads tens of thousands of
// objects, and that cost more than the walk itself. A store that is not
// on a file system is returned as it is. The handle lists the objects
// present when it is made (ExclusiveAccess: go-git then looks a loose
// object up in that list instead of trying to open its file, which a
// size lookup of every changed file did); make one per walk, after any
// fetch.
func keepOpen(repo *git.Repository) (*git.Repository, func()) {
	open, done, ok := ownHandle(repo, cache.DefaultMaxSize)
	if !ok {
		return repo, func() {}
	}
	return open, done
}

// ownHandle is keepOpen's new handle, if one could be made (ok): a store
// on a file system, opened again, with an object cache of cacheSize.
func ownHandle(repo *git.Repository, cacheSize cache.FileSize) (open *git.Repository, done func(), ok bool) {
	fs, isFS := repo.Storer.(*filesystem.Storage)
	if !isFS {
		return nil, nil, false
	}
	st := filesystem.NewStorageWithOptions(fs.Filesystem(), cache.NewObjectLRU(cacheSize), filesystem.Options{KeepDescriptors: true, ExclusiveAccess: true})
	open, err := git.Open(st, nil)
	if err != nil {
		_ = st.Close()
		return nil, nil, false
	}
	return open, func() { _ = st.Close() }, true
}

// KeepOpen is keepOpen for readers outside this package: a handle on
// repo's object store that keeps its pack files open until done is called
// (the parse reads every file of a tree through one), independent of
// repo's own handle, so that it may be read beside another reader of the
// same clone. Make it after any fetch into the clone.
func KeepOpen(repo *git.Repository) (*git.Repository, func()) {
	return keepOpen(repo)
}
