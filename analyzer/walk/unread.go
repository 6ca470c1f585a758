package walk

import "fmt"

// UnreadFile is a file Options.ReadAlso asked for, or a Python file it
// names, whose content the walk did not hand over, and why. Without it a
// manifest too large to read would vanish from the analysis in silence.
type UnreadFile struct {
	// Path is slash-separated and relative to the snapshot root.
	Path string
	// Size is the size the source gave, in bytes.
	Size int64
	// Reason is why the content was not read.
	Reason Reason
	// Limit is the size bound that applied, for ReasonTooLarge.
	Limit int64
}

// Describe says in words why the file was not read; what names the kind of
// file the limit is for ("manifests"): "12.0 MB, over the 1 MiB limit for
// manifests", "Git LFS pointer (content not in the repository)".
func (u UnreadFile) Describe(what string) string {
	switch u.Reason {
	case ReasonTooLarge:
		return fmt.Sprintf("%s, over the %s limit for %s", decimalSize(u.Size), binarySize(u.Limit), what)
	case ReasonLFSPointer:
		return "Git LFS pointer (content not in the repository)"
	case ReasonBinary:
		return "binary content"
	case ReasonUnread:
		return "could not be read"
	case ReasonSymlink:
		return "a symbolic link (never followed)"
	case ReasonSubmodule:
		return "a submodule (not fetched)"
	case ReasonInvalid:
		return "a path git refuses to check out"
	case ReasonVendored:
		return "vendored (someone else's code)"
	case ReasonGenerated:
		return "generated code"
	}
	return string(u.Reason)
}

// decimalSize writes a file size as people read them: 12.0 MB, 340.2 kB.
func decimalSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}

// binarySize writes a limit set in powers of two as it is set: 1 MiB.
func binarySize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d-byte", n)
}
