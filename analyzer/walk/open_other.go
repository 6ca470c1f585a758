//go:build !unix

package walk

import (
	"fmt"
	"io"
	"os"
)

// openNoFollow opens a regular file after checking it is not a symlink.
func openNoFollow(p string) (io.ReadCloser, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", p)
	}
	return os.Open(p)
}
