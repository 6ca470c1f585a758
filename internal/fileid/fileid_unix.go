//go:build unix

package fileid

import (
	"io/fs"
	"syscall"
)

// Supported reports whether Of can identify files on this platform.
const Supported = true

func of(info fs.FileInfo) (ID, uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return ID{}, 0, false
	}
	return ID{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}, uint64(st.Nlink), true
}
