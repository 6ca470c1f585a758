package roles

import (
	"bytes"
	"path"
	"strings"
)

// TestRunner says what the repository's test runners collect. The
// pipeline passes analyzer/practices' reading of the pytest and unittest
// configuration; this package does not import it, so that the rules of
// roles stay apart from the reading of configuration files.
type TestRunner interface {
	// Collects reports whether a runner collects the .py file at p
	// (testCase: the file holds unittest TestCase classes) and whether p
	// lies in a test directory or a configured testpaths entry.
	Collects(p string, testCase bool) (collected, testDir bool)
}

// Layout is what a repository says about its own files, as plain data.
type Layout struct {
	// Packages are the directories the packaging configuration ships by
	// name (setuptools packages, py-modules' directories, packages.find
	// include patterns, poetry and hatch packages), slash-separated and
	// relative to the root; '*' matches any run of characters. A
	// directory shipped this way is source whatever its name says.
	Packages []string
	// Tests is the test runners' collection; nil: pytest's default
	// file names (test_*.py, *_test.py, conftest.py).
	Tests TestRunner
	// Paths are the repository's files. The unrendered directory names
	// among them ({{cookiecutter.project_slug}}) tell a script that
	// names the template's directory from a file of the template.
	Paths []string
}

// Content is what the classifier reads of one file: its bytes and a few
// facts the parser found in it.
type Content struct {
	// Data is the file's source (for a notebook, unused).
	Data []byte
	// Classes and Functions count the file's class and def statements,
	// nested ones included.
	Classes, Functions int
	// TestCase is set when the file holds unittest TestCase classes.
	TestCase bool
	// ImportLines are the 1-based lines covered by import statements.
	ImportLines map[int]bool
}

// Classifier gives each file of one repository its role.
type Classifier struct {
	layout Layout
	// templateDirs are the quoted names of unrendered directories
	// ("{{cookiecutter.project_slug}}"), as a script refers to them.
	templateDirs [][]byte
}

// New returns the classifier of a repository with layout l.
func New(l Layout) *Classifier {
	c := &Classifier{layout: l}
	seen := map[string]bool{}
	for _, p := range l.Paths {
		for _, d := range strings.Split(path.Dir(p), "/") {
			if cookiecutterPath(d) && !seen[d] {
				seen[d] = true
				c.templateDirs = append(c.templateDirs, []byte(`"`+d+`"`), []byte(`'`+d+`'`))
			}
		}
	}
	return c
}

// PathRole classifies p without reading it: the role of every non-Python
// file (a pyproject.toml line, a workflow) and of a file whose content is
// not at hand. A root packaging file is source.
func (c *Classifier) PathRole(p string) Role { return c.Role(p, nil) }

// Role classifies the file at p; content may be nil. The rules, in order
// (docs/roles.md):
//  1. a notebook is a notebook;
//  2. an unrendered cookiecutter path or file is scaffold, and so is a
//     Django startproject or startapp file left as generated;
//  3. a file a test runner collects, a conftest.py, and any file of a test
//     directory is a test;
//  4. a file in a directory the packaging configuration ships is source;
//  5. the directory and file names of ByPath decide example, benchmark
//     and docs;
//  6. everything else is source.
func (c *Classifier) Role(p string, content *Content) Role {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if strings.HasSuffix(strings.ToLower(p), ".ipynb") {
		return Notebook
	}
	if cookiecutterPath(p) || content != nil && c.cookiecutterContent(content.Data) {
		return Scaffold
	}
	if content != nil && djangoScaffold(p, content) {
		return Scaffold
	}
	byPath := ByPath(p)
	if c.isTest(p, content, byPath) {
		return Test
	}
	if byPath == Test {
		// A test_*.py name the runner's configuration leaves out is a
		// script, not a test: the directory rules decide it.
		byPath = dirRole(p)
	}
	if byPath != Source && c.shipped(p) {
		return Source
	}
	return byPath
}

func (c *Classifier) isTest(p string, content *Content, byPath Role) bool {
	if !strings.HasSuffix(p, ".py") {
		return byPath == Test
	}
	if path.Base(p) == "conftest.py" {
		return true
	}
	if dirRole(p) == Test {
		return true
	}
	if c.layout.Tests == nil {
		return byPath == Test
	}
	collected, testDir := c.layout.Tests.Collects(p, content != nil && content.TestCase)
	return collected || testDir
}

// dirRole is ByPath's directory rule alone.
func dirRole(p string) Role {
	dirs := strings.Split(p, "/")
	for _, d := range dirs[:len(dirs)-1] {
		if r, ok := dirRoles[strings.ToLower(d)]; ok {
			return r
		}
	}
	return Source
}

// shipped reports whether p, or a directory holding it, is one the
// packaging configuration ships by name.
func (c *Classifier) shipped(p string) bool {
	// The module itself first (py-modules), then each directory above it.
	for dir := strings.TrimSuffix(p, ".py"); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		for _, pkg := range c.layout.Packages {
			if glob(pkg, dir) {
				return true
			}
		}
	}
	return false
}

// glob matches s against pattern, where '*' matches any run of characters
// ('/' included, as a package pattern "pkg*" covers "pkg/sub").
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, last)
}

// cookiecutterPath reports a path that cookiecutter has not rendered.
func cookiecutterPath(p string) bool {
	return strings.Contains(p, "{{cookiecutter.") || strings.Contains(p, "{{ cookiecutter.")
}

// cookiecutterContent reports a file holding an unrendered cookiecutter
// variable. A string naming one of the repository's unrendered
// directories is a script working on the template (ROOT /
// "{{cookiecutter.project_slug}}"), not a part of it.
func (c *Classifier) cookiecutterContent(data []byte) bool {
	has := func(d []byte) bool {
		return bytes.Contains(d, []byte("{{cookiecutter.")) || bytes.Contains(d, []byte("{{ cookiecutter."))
	}
	if !has(data) {
		return false
	}
	for _, d := range c.templateDirs {
		if bytes.Contains(data, d) {
			data = bytes.ReplaceAll(data, d, nil)
		}
	}
	return has(data)
}
