//go:build !unix

package fileid

import "io/fs"

// Supported reports whether Of can identify files on this platform.
const Supported = false

func of(fs.FileInfo) (ID, uint64, bool) { return ID{}, 0, false }
