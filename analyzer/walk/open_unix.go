//go:build unix

package walk

import (
	"io"
	"os"
	"syscall"
)

// openNoFollow opens a regular file, refusing a symlink swapped in after
// the directory was listed.
func openNoFollow(p string) (io.ReadCloser, error) {
	return os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
}
