package python

// CachedFile is a FileFacts whole, for a results cache that encodes its
// exported fields: Pydantic carries Frameworks' unexported per-file count
// of pydantic models, which the repository summary reads.
type CachedFile struct {
	Facts    *FileFacts `json:"facts"`
	Pydantic *Tally     `json:"pydantic,omitempty"`
}

// CachedFileCarries names the unexported fields reachable from FileFacts
// and how CachedFile deals with them, for resultcache.Fingerprint: an
// unexported field added later and not listed here fails the fingerprint,
// so that a cache cannot drop it in silence. Frameworks.aliases is the
// scratch of one file's pass (notebook cells see earlier cells' imports)
// and is read by nothing once the file's facts are made. A repository
// summary's Frameworks holds neither (frameworkAgg keeps the pydantic
// count beside it). Tally.others is kept by repository summaries only
// (see Tally.keep) and is zero in a file's tallies.
var CachedFileCarries = map[string]bool{
	"github.com/pyscout/pyscout/analyzer/python.Tally.others":        true,
	"github.com/pyscout/pyscout/analyzer/python.Frameworks.pydantic": true,
	"github.com/pyscout/pyscout/analyzer/python.Frameworks.aliases":  true,
}

// CacheFile returns ff whole for a results cache.
func CacheFile(ff *FileFacts) CachedFile {
	c := CachedFile{Facts: ff}
	if ff.Frameworks != nil && (ff.Frameworks.pydantic.Count > 0 || len(ff.Frameworks.pydantic.Evidence) > 0) {
		p := ff.Frameworks.pydantic
		c.Pydantic = &p
	}
	return c
}

// Restore returns the FileFacts c holds; nil when it holds none.
func (c CachedFile) Restore() *FileFacts {
	if c.Facts != nil && c.Pydantic != nil {
		if c.Facts.Frameworks == nil {
			c.Facts.Frameworks = &Frameworks{}
		}
		c.Facts.Frameworks.pydantic = *c.Pydantic
	}
	return c.Facts
}
