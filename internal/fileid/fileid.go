// Package fileid tells whether two names are links to one file, so that a
// directory's bytes are counted once per file, not once per name.
package fileid

import "io/fs"

// ID identifies a file on one machine: its device and inode.
type ID struct {
	Dev, Ino uint64
}

// Of returns the file's ID and its count of hard links, or false where the
// platform gives neither (each name is then to be taken for a file of its
// own).
func Of(info fs.FileInfo) (id ID, links uint64, ok bool) {
	return of(info)
}
