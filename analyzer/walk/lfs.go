package walk

import (
	"bytes"
)

// maxLFSPointerBytes is the size below which git-lfs itself looks at a
// blob as a possible pointer: a pointer is about 130 bytes, and extension
// lines keep it well under this.
const maxLFSPointerBytes = 1024

// lfsVersions are the pointer spec URLs git-lfs accepts on the first line,
// compared as plain strings as the spec requires (the hawser one is what
// pre-1.0 clients wrote).
var lfsVersions = [][]byte{
	[]byte("https://git-lfs.github.com/spec/v1"),
	[]byte("https://hawser.github.com/spec/v1"),
}

// isLFSPointer reports whether data is a Git LFS pointer file rather than
// content: small, its first line `version <spec URL>`, then `key value`
// lines that include `oid sha256:<64 hex digits>` and `size <digits>`
// (docs/spec.md in git-lfs). The content itself lives on an LFS server that
// a clone of the repository does not fetch. A file that merely mentions
// git-lfs (a comment in a requirements file) fails the first-line test.
//
// Hand-written rather than imported: the git-lfs module's pointer decoder
// comes with the whole git-lfs client as dependencies, for a check of a
// dozen lines.
func isLFSPointer(data []byte) bool {
	if len(data) >= maxLFSPointerBytes || !bytes.HasPrefix(data, []byte("version ")) {
		return false
	}
	lines := bytes.Split(bytes.TrimRight(data, "\r\n"), []byte("\n"))
	version := bytes.TrimSuffix(bytes.TrimPrefix(lines[0], []byte("version ")), []byte("\r"))
	known := false
	for _, v := range lfsVersions {
		known = known || bytes.Equal(version, v)
	}
	if !known {
		return false
	}
	var oid, size bool
	for _, line := range lines[1:] {
		line = bytes.TrimSuffix(line, []byte("\r"))
		key, value, ok := bytes.Cut(line, []byte(" "))
		if !ok || !validLFSKey(key) {
			return false
		}
		switch string(key) {
		case "oid":
			hex, ok := bytes.CutPrefix(value, []byte("sha256:"))
			oid = ok && len(hex) == 64 && allBytes(hex, isLowerHex)
		case "size":
			size = len(value) > 0 && allBytes(value, isDigit)
		}
	}
	return oid && size
}

// validLFSKey: keys use only [a-z] [0-9] . - (the spec).
func validLFSKey(key []byte) bool {
	return len(key) > 0 && allBytes(key, func(c byte) bool { return c >= 'a' && c <= 'z' || isDigit(c) || c == '.' || c == '-' })
}

func allBytes(b []byte, ok func(byte) bool) bool {
	for _, c := range b {
		if !ok(c) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isLowerHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' }
