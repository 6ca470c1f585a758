package configfile

import "sync"

// Set is one repository's configuration files, each decoded at most once,
// on first use, for all its readers: the manifests and the practices read
// pyproject.toml, setup.cfg and tox.ini from the same decoded form. It is
// safe for concurrent use.
type Set struct {
	files map[string][]byte
	c     *decoded // shared by the sets that Only derives
}

// decoded holds what a Set and the sets derived from it decoded.
type decoded struct {
	mu      sync.Mutex
	toml    map[string]*TOML
	ini     map[string]*INI
	yaml    map[string]*YAML
	decodes map[string]int
}

// NewSet holds files (repository-relative paths to contents); nothing is
// decoded until asked for. The map is read, never written.
func NewSet(files map[string][]byte) *Set {
	return &Set{files: files, c: &decoded{
		toml:    map[string]*TOML{},
		ini:     map[string]*INI{},
		yaml:    map[string]*YAML{},
		decodes: map[string]int{},
	}}
}

// Only returns the set of the files whose path keep accepts, sharing what
// s decoded and will decode: a reader that must see only some files (the
// manifests) still decodes nothing twice.
func (s *Set) Only(keep func(path string) bool) *Set {
	files := map[string][]byte{}
	for p, data := range s.files {
		if keep(p) {
			files[p] = data
		}
	}
	return &Set{files: files, c: s.c}
}

// With returns a set of files that shares s's decoded forms: a path
// decoded in s is not decoded again. files must come from the same
// snapshot as s's, so that a path names the same content in both.
func (s *Set) With(files map[string][]byte) *Set {
	return &Set{files: files, c: s.c}
}

// Files returns the set's files, paths to contents; callers must not
// modify it.
func (s *Set) Files() map[string][]byte { return s.files }

// Content returns a file's content and whether the set has it.
func (s *Set) Content(p string) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	data, ok := s.files[p]
	return data, ok
}

// TOML returns the file at p decoded as TOML (see DecodeTOML), or nil when
// the set does not hold it.
func (s *Set) TOML(p string) *TOML {
	if s == nil {
		return nil
	}
	return decodeOnce(s, p, s.c.toml, DecodeTOML)
}

// INI returns the file at p split into INI lines (see ParseINI), or nil
// when the set does not hold it.
func (s *Set) INI(p string) *INI {
	if s == nil {
		return nil
	}
	return decodeOnce(s, p, s.c.ini, ParseINI)
}

// YAML returns the file at p parsed as YAML (see ParseYAMLFile), or nil
// when the set does not hold it.
func (s *Set) YAML(p string) *YAML {
	if s == nil {
		return nil
	}
	return decodeOnce(s, p, s.c.yaml, ParseYAMLFile)
}

// decodeOnce returns the file at p of s decoded by decode, from the cache
// the sets derived from one another share, decoding it on first use.
func decodeOnce[T any](s *Set, p string, cache map[string]*T, decode func([]byte) *T) *T {
	data, ok := s.Content(p)
	if !ok {
		return nil
	}
	c := s.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if doc, done := cache[p]; done {
		return doc
	}
	doc := decode(data)
	cache[p] = doc
	c.decodes[p]++
	return doc
}

// Decodes returns how many times the file at p was decoded, in any form
// and by any reader of s or of the sets derived from it: 1 once a reader
// asked for it, whatever the number of readers; 0 before.
func (s *Set) Decodes(p string) int {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	return s.c.decodes[p]
}
