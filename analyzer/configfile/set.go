package configfile

import "sync"

// Set is one repository's configuration files, each decoded at most once,
// on first use, for all its readers: the manifests and the practices read
// pyproject.toml, setup.cfg and tox.ini from the same decoded form. It is
// safe for concurrent use.
type Set struct {
	mu      sync.Mutex
	files   map[string][]byte
	toml    map[string]*TOML
	ini     map[string]*INI
	yaml    map[string]yamlResult
	decodes map[string]int
}

type yamlResult struct {
	root *Node
	err  error
}

// NewSet holds files (repository-relative paths to contents); nothing is
// decoded until asked for. The map is read, never written.
func NewSet(files map[string][]byte) *Set {
	return &Set{
		files:   files,
		toml:    map[string]*TOML{},
		ini:     map[string]*INI{},
		yaml:    map[string]yamlResult{},
		decodes: map[string]int{},
	}
}

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
	data, ok := s.Content(p)
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if doc, done := s.toml[p]; done {
		return doc
	}
	doc := DecodeTOML(data)
	s.toml[p] = doc
	s.decodes[p]++
	return doc
}

// INI returns the file at p split into INI lines (see ParseINI), or nil
// when the set does not hold it.
func (s *Set) INI(p string) *INI {
	data, ok := s.Content(p)
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, done := s.ini[p]; done {
		return f
	}
	f := ParseINI(data)
	s.ini[p] = f
	s.decodes[p]++
	return f
}

// YAML returns the first document of the file at p (see ParseYAML); the
// error is a *YAMLError, or ErrNotInSet when the set does not hold it.
func (s *Set) YAML(p string) (*Node, error) {
	data, ok := s.Content(p)
	if !ok {
		return nil, ErrNotInSet
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, done := s.yaml[p]; done {
		return r.root, r.err
	}
	root, err := ParseYAML(data)
	s.yaml[p] = yamlResult{root, err}
	s.decodes[p]++
	return root, err
}

// Decodes returns how many times the file at p was decoded: 1 once any
// reader asked for it, whatever the number of readers; 0 before.
func (s *Set) Decodes(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.decodes[p]
}
