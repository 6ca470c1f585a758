package practices

import (
	"bytes"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pyscout/pyscout/analyzer/count"
	"github.com/pyscout/pyscout/analyzer/python"
)

// Packaging is how the project is built and laid out.
type Packaging struct {
	// Style is pyproject (pyproject.toml declares a build backend or a
	// [project] table), setup.py, setup.cfg, or none; the root files
	// decide, else the shallowest.
	Style string `json:"style"`
	// Pyproject is the root (else shallowest) pyproject.toml; nil without
	// one.
	Pyproject *Pyproject `json:"pyproject,omitempty"`
	// SetupPy is the root (else shallowest) setup.py; nil without one.
	SetupPy *Evidence `json:"setup_py,omitempty"`
	// SetupCfg is the root (else shallowest) setup.cfg holding a
	// [metadata] or [options] section; nil without one.
	SetupCfg *Evidence `json:"setup_cfg,omitempty"`
	// SrcLayout is the first src/<package>/__init__.py (or src/*.py): the
	// src layout, which keeps tests from importing the package unbuilt;
	// nil without one.
	SrcLayout *Evidence `json:"src_layout,omitempty"`
	// PyTyped is the first py.typed marker (PEP 561: the package ships
	// its type hints); nil without one.
	PyTyped *Evidence `json:"py_typed,omitempty"`
}

// Pyproject is what pyproject.toml says about packaging.
type Pyproject struct {
	// Evidence is the file.
	Evidence
	// BuildBackend is [build-system] build-backend, as written.
	BuildBackend string `json:"build_backend,omitempty"`
	// Backend names the build tool: setuptools, poetry, hatchling, flit,
	// pdm, maturin, meson-python, scikit-build-core, uv, or the backend
	// as written; poetry also when only [tool.poetry] is present.
	Backend string `json:"backend,omitempty"`
	// Project is set when a PEP 621 [project] table is present.
	Project bool `json:"project_table"`
	// Name is [project] name (or [tool.poetry] name).
	Name string `json:"name,omitempty"`
	// RequiresPython is [project] requires-python.
	RequiresPython string `json:"requires_python,omitempty"`
	// Tools are the [tool.X] tables present, sorted.
	Tools []string `json:"tools,omitempty"`
}

// Documentation is what a reader of the repository finds to read.
type Documentation struct {
	// Readme is the root README; nil without one.
	Readme *Readme `json:"readme,omitempty"`
	// License is the root licence file; nil without one.
	License *License `json:"license,omitempty"`
	// Docs is the documentation site; nil without a docs/ or doc/
	// directory, Sphinx or MkDocs configuration.
	Docs *DocsSite `json:"docs,omitempty"`
	// Changelog is a CHANGELOG, CHANGES, HISTORY or NEWS file at the root
	// or in docs/; nil without one.
	Changelog *Evidence `json:"changelog,omitempty"`
	// Contributing is a CONTRIBUTING file at the root, in .github/ or in
	// docs/; nil without one.
	Contributing *Evidence `json:"contributing,omitempty"`
	// Docstrings is the docstring coverage of the code outside tests.
	Docstrings DocstringCoverage `json:"docstrings"`
}

// Readme is the repository's README.
type Readme struct {
	// Evidence is the file.
	Evidence
	// Bytes is its size; 0 when it was not read.
	Bytes int `json:"bytes"`
	// Format is markdown, rst or text.
	Format string `json:"format"`
	// Headings are its section headings in order, at most
	// MaxReadmeHeadings (Markdown and reStructuredText only).
	Headings []Heading `json:"headings"`
}

// MaxReadmeHeadings bounds the headings listed for a README.
const MaxReadmeHeadings = 50

// Heading is one section heading of a README.
type Heading struct {
	// Level is 1 for a title, 2 for its sections and so on (for
	// reStructuredText, in the order the underline styles appear).
	Level int `json:"level"`
	// Text is the heading without markup, at most 120 characters.
	Text string `json:"text"`
	// Line is its line.
	Line int `json:"line"`
}

// License is the repository's licence file.
type License struct {
	// Evidence is the file.
	Evidence
	// Kind is the licence recognised by its wording: MIT, Apache-2.0,
	// BSD-3-Clause, BSD-2-Clause, GPL-3.0, GPL-2.0, LGPL, AGPL-3.0,
	// MPL-2.0, ISC, Unlicense; "" when not recognised.
	Kind string `json:"kind"`
}

// DocsSite is the project's documentation beyond the README.
type DocsSite struct {
	// Dir is docs or doc when that directory has files; "" otherwise.
	Dir string `json:"dir,omitempty"`
	// Tool is sphinx (a conf.py under the docs directory) or mkdocs (a
	// root mkdocs.yml); "" when neither.
	Tool string `json:"tool,omitempty"`
	// Config is the Sphinx conf.py or mkdocs.yml; nil without one.
	Config *Evidence `json:"config,omitempty"`
	// ReadTheDocs is the .readthedocs.yaml (or .yml); nil without one.
	ReadTheDocs *Evidence `json:"readthedocs,omitempty"`
}

// DocstringCoverage is the share of functions with a docstring.
type DocstringCoverage struct {
	// Functions counts functions and methods of the .py files that are not
	// test files (nested functions left out).
	Functions int `json:"functions"`
	// Documented counts those with a docstring.
	Documented int `json:"documented"`
	// Ratio is Documented / Functions, three decimals; 0 without functions.
	Ratio float64 `json:"ratio"`
}

// shallowest returns the shallowest path with base name base, or "".
func (a *analysis) shallowest(bases ...string) string {
	best := ""
	for _, f := range a.files {
		b := path.Base(f)
		for _, want := range bases {
			if b == want && (best == "" || depth(f) < depth(best)) {
				best = f
			}
		}
	}
	return best
}

func backendName(b string) string {
	switch {
	case strings.HasPrefix(b, "setuptools"):
		return "setuptools"
	case strings.HasPrefix(b, "poetry"):
		return "poetry"
	case strings.HasPrefix(b, "hatchling"):
		return "hatchling"
	case strings.HasPrefix(b, "flit"):
		return "flit"
	case strings.HasPrefix(b, "pdm"):
		return "pdm"
	case strings.HasPrefix(b, "maturin"):
		return "maturin"
	case strings.HasPrefix(b, "mesonpy"):
		return "meson-python"
	case strings.HasPrefix(b, "scikit_build_core"):
		return "scikit-build-core"
	case strings.HasPrefix(b, "uv_build"):
		return "uv"
	}
	return b
}

func (a *analysis) packaging() Packaging {
	out := Packaging{Style: "none"}
	if p := a.shallowest("pyproject.toml"); p != "" {
		pp := &Pyproject{Evidence: fileEvidence(p)}
		if doc := a.pyprojects[p]; doc != nil {
			if bs := doc.table("build-system"); bs != nil {
				pp.BuildBackend = tomlString(bs["build-backend"])
				pp.Backend = backendName(pp.BuildBackend)
			}
			if proj := doc.table("project"); proj != nil {
				pp.Project = true
				pp.Name = tomlString(proj["name"])
				pp.RequiresPython = tomlString(proj["requires-python"])
			}
			if poetry := doc.table("tool", "poetry"); poetry != nil {
				if pp.Backend == "" {
					pp.Backend = "poetry"
				}
				if pp.Name == "" {
					pp.Name = tomlString(poetry["name"])
				}
			}
			for name := range doc.table("tool") {
				pp.Tools = append(pp.Tools, name)
			}
			sort.Strings(pp.Tools)
		}
		out.Pyproject = pp
		if pp.BuildBackend != "" || pp.Project || pp.Backend == "poetry" {
			out.Style = "pyproject"
		}
	}
	if p := a.shallowest("setup.py"); p != "" {
		ev := fileEvidence(p)
		out.SetupPy = &ev
		if out.Style == "none" {
			out.Style = "setup.py"
		}
	}
	for _, f := range a.configList {
		if path.Base(f) != "setup.cfg" {
			continue
		}
		if ini := a.inis[f]; ini != nil && (ini.section("metadata") != nil || ini.section("options") != nil) {
			ev := fileEvidence(f)
			out.SetupCfg = &ev
			if out.Style == "none" {
				out.Style = "setup.cfg"
			}
			break
		}
	}
	for _, f := range a.files {
		parts := strings.Split(f, "/")
		if out.SrcLayout == nil && len(parts) >= 2 && parts[0] == "src" && strings.HasSuffix(f, ".py") &&
			(len(parts) == 2 || parts[len(parts)-1] == "__init__.py" && len(parts) == 3) {
			ev := fileEvidence(f)
			out.SrcLayout = &ev
		}
		if out.PyTyped == nil && parts[len(parts)-1] == "py.typed" {
			ev := fileEvidence(f)
			out.PyTyped = &ev
		}
	}
	return out
}

func (a *analysis) documentation() Documentation {
	var out Documentation
	out.Readme = a.readme()
	out.License = a.license()
	out.Docs = a.docsSite()
	for _, f := range a.files {
		dir, base := path.Split(f)
		dir = strings.TrimSuffix(dir, "/")
		stem := strings.ToUpper(strings.TrimSuffix(base, path.Ext(base)))
		if out.Changelog == nil && (dir == "" || dir == "docs" || dir == "doc") {
			switch stem {
			case "CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASE_NOTES", "RELEASES", "CHANGE_LOG":
				ev := fileEvidence(f)
				out.Changelog = &ev
			}
		}
		if out.Contributing == nil && (dir == "" || dir == ".github" || dir == "docs" || dir == "doc") && stem == "CONTRIBUTING" {
			ev := fileEvidence(f)
			out.Contributing = &ev
		}
	}
	dc := &out.Docstrings
	for _, pf := range a.python {
		testCase := pf.Tests != nil && hasSign(pf.Tests, python.FrameworkUnittest, python.SignTestCase)
		if testFileRule(pf.Path, a.testCfgs, testCase) != foundNone {
			continue
		}
		dc.Functions += pf.Functions
		dc.Documented += pf.Docstrings
	}
	dc.Ratio = count.Ratio(dc.Documented, dc.Functions, 3)
	return out
}

// readmeFormat returns the format of a README file name, or "" when base
// is not a README.
func readmeFormat(base string) string {
	stem, ext := base, ""
	if i := strings.IndexByte(base, '.'); i >= 0 {
		stem, ext = base[:i], strings.ToLower(base[i:])
	}
	if !strings.EqualFold(stem, "readme") {
		return ""
	}
	switch ext {
	case ".md", ".markdown", ".mdown", ".mkd":
		return "markdown"
	case ".rst", ".rest":
		return "rst"
	case "", ".txt", ".text":
		return "text"
	}
	return ""
}

// licenseName reports whether base names a licence file.
func licenseName(base string) bool {
	u := strings.ToUpper(base)
	return strings.HasPrefix(u, "LICENSE") || strings.HasPrefix(u, "LICENCE") || strings.HasPrefix(u, "COPYING")
}

func (a *analysis) readme() *Readme {
	best, rank := "", 99
	prefer := map[string]int{"markdown": 0, "rst": 1, "text": 2}
	for _, f := range a.files {
		if strings.Contains(f, "/") {
			continue
		}
		if format := readmeFormat(f); format != "" && prefer[format] < rank {
			best, rank = f, prefer[format]
		}
	}
	if best == "" {
		return nil
	}
	rd := &Readme{Evidence: fileEvidence(best), Format: readmeFormat(best), Headings: []Heading{}}
	data := a.content(best, MaxConfigBytes)
	if data == nil {
		return rd
	}
	rd.Bytes = len(data)
	switch rd.Format {
	case "markdown":
		rd.Headings = markdownHeadings(data)
	case "rst":
		rd.Headings = rstHeadings(data)
	}
	return rd
}

func (a *analysis) license() *License {
	var candidates []string
	for _, f := range a.files {
		if !strings.Contains(f, "/") && licenseName(f) {
			candidates = append(candidates, f)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	p := candidates[0]
	lic := &License{Evidence: fileEvidence(p)}
	if data := a.content(p, MaxConfigBytes); data != nil {
		lic.Kind = licenseKind(data)
	}
	if lic.Kind == "" {
		lic.Kind = licenseKindFromName(p)
	}
	return lic
}

// licenseKind recognises a licence by its wording.
func licenseKind(data []byte) string {
	if len(data) > 64<<10 {
		data = data[:64<<10]
	}
	t := strings.Join(strings.Fields(strings.ToLower(string(data))), " ")
	has := strings.Contains
	switch {
	case has(t, "gnu affero general public license"):
		return "AGPL-3.0"
	case has(t, "gnu lesser general public license") || has(t, "gnu library general public license"):
		return "LGPL"
	case has(t, "gnu general public license"):
		switch {
		case has(t, "version 3"):
			return "GPL-3.0"
		case has(t, "version 2"):
			return "GPL-2.0"
		}
		return "GPL"
	case has(t, "apache license"):
		if has(t, "version 2.0") {
			return "Apache-2.0"
		}
		return "Apache"
	case has(t, "mozilla public license"):
		return "MPL-2.0"
	case has(t, "permission is hereby granted, free of charge"):
		return "MIT"
	case has(t, "redistribution and use in source and binary forms"):
		if has(t, "neither the name") || has(t, "names of its contributors") {
			return "BSD-3-Clause"
		}
		return "BSD-2-Clause"
	case has(t, "permission to use, copy, modify, and/or distribute this software for any purpose"):
		return "ISC"
	case has(t, "this is free and unencumbered software released into the public domain"):
		return "Unlicense"
	}
	return ""
}

// licenseKindFromName recognises LICENSE-MIT, LICENSE.apache and the like.
func licenseKindFromName(p string) string {
	u := strings.ToUpper(p)
	switch {
	case strings.Contains(u, "MIT"):
		return "MIT"
	case strings.Contains(u, "APACHE"):
		return "Apache-2.0"
	case strings.Contains(u, "BSD"):
		return "BSD-3-Clause"
	}
	return ""
}

func (a *analysis) docsSite() *DocsSite {
	var ds DocsSite
	for _, f := range a.files {
		top, rest, ok := strings.Cut(f, "/")
		if !ok || (top != "docs" && top != "doc") {
			continue
		}
		if ds.Dir == "" || top == "docs" && ds.Dir != "docs" {
			ds.Dir = top
		}
		if ds.Config == nil && path.Base(rest) == "conf.py" && depth(rest) <= 2 {
			ev := fileEvidence(f)
			ds.Tool, ds.Config = "sphinx", &ev
		}
	}
	if p := a.rootFile("mkdocs.yml", "mkdocs.yaml"); p != "" && ds.Config == nil {
		ev := fileEvidence(p)
		ds.Tool, ds.Config = "mkdocs", &ev
	}
	if p := a.rootFile(".readthedocs.yaml", ".readthedocs.yml", "readthedocs.yml", "readthedocs.yaml"); p != "" {
		ev := fileEvidence(p)
		ds.ReadTheDocs = &ev
	}
	if ds == (DocsSite{}) {
		return nil
	}
	return &ds
}

// ---- README headings

var (
	mdATX     = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	mdClosing = regexp.MustCompile(`[ \t]+#+$`)
	mdHTML    = regexp.MustCompile(`(?i)^\s*<h([1-6])(?:\s[^>]*)?>(.*?)</h[1-6]>`)
	mdImage   = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	htmlTag   = regexp.MustCompile(`<[^>]*>`)
	mdSetext1 = regexp.MustCompile(`^ {0,3}=+[ \t]*$`)
	mdSetext2 = regexp.MustCompile(`^ {0,3}-+[ \t]*$`)
	mdFence   = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// isAdornment reports whether s is a reStructuredText adornment line: one
// punctuation character repeated (trailing blanks allowed).
func isAdornment(s string) bool {
	s = strings.TrimRight(s, " \t")
	if s == "" {
		return false
	}
	c := s[0]
	if !(c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] != c {
			return false
		}
	}
	return true
}

// headingText strips inline markup and bounds the length.
func headingText(s string) string {
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = htmlTag.ReplaceAllString(s, "")
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120])
	}
	return s
}

func textLines(data []byte) []string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return lines
}

// markdownHeadings lists ATX (# x), setext (x over ===) and one-line HTML
// (<h2>x</h2>) headings outside fenced code blocks.
func markdownHeadings(data []byte) []Heading {
	out := []Heading{}
	lines := textLines(data)
	fence := ""
	add := func(level int, text string, line int) {
		if t := headingText(text); t != "" && len(out) < MaxReadmeHeadings {
			out = append(out, Heading{Level: level, Text: t, Line: line})
		}
	}
	prevPara := false // the previous line is paragraph text a setext underline can turn into a heading
	start := 0
	if len(lines) > 0 && strings.TrimRight(lines[0], " \t") == "---" {
		// YAML front matter, as GitHub and static site generators read it.
		for j := 1; j < len(lines); j++ {
			if l := strings.TrimRight(lines[j], " \t"); l == "---" || l == "..." {
				start = j + 1
				break
			}
		}
	}
	for i := start; i < len(lines); i++ {
		l := lines[i]
		if m := mdFence.FindStringSubmatch(l); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case fence == m[1]:
				fence = ""
			}
			prevPara = false
			continue
		}
		if fence != "" {
			continue
		}
		switch {
		case prevPara && mdSetext1.MatchString(l):
			add(1, lines[i-1], i)
			prevPara = false
			continue
		case prevPara && mdSetext2.MatchString(l):
			add(2, lines[i-1], i)
			prevPara = false
			continue
		}
		if m := mdATX.FindStringSubmatch(l); m != nil {
			add(len(m[1]), mdClosing.ReplaceAllString(m[2], ""), i+1)
			prevPara = false
			continue
		}
		if m := mdHTML.FindStringSubmatch(l); m != nil {
			add(int(m[1][0]-'0'), m[2], i+1)
			prevPara = false
			continue
		}
		t := strings.TrimSpace(l)
		prevPara = t != "" && !strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "\t") &&
			!strings.HasPrefix(t, ">") && !strings.HasPrefix(t, "|") && !strings.HasPrefix(t, "- ") &&
			!strings.HasPrefix(t, "* ") && !strings.HasPrefix(t, "<") && !mdSetext2.MatchString(l)
	}
	return out
}

// rstHeadings lists reStructuredText section titles: a line of text under
// (and optionally over) a line of one repeated punctuation character at
// least as long. Levels follow the order the styles first appear.
func rstHeadings(data []byte) []Heading {
	out := []Heading{}
	lines := textLines(data)
	var styles []string
	level := func(style string) int {
		for i, s := range styles {
			if s == style {
				return i + 1
			}
		}
		styles = append(styles, style)
		return len(styles)
	}
	for i := 1; i < len(lines) && len(out) < MaxReadmeHeadings; i++ {
		under := strings.TrimRight(lines[i], " \t")
		if len(under) < 2 || !isAdornment(under) {
			continue
		}
		title := lines[i-1]
		t := strings.TrimSpace(title)
		if t == "" || isAdornment(t) && len(t) >= 2 {
			continue
		}
		over := i >= 2 && strings.TrimRight(lines[i-2], " \t") == under
		if !over && (title[0] == ' ' || title[0] == '\t') {
			continue // indented text is a block quote, not a title
		}
		if utf8.RuneCountInString(under) < utf8.RuneCountInString(strings.TrimRight(title, " \t")) && !over {
			continue
		}
		style := under[:1]
		if over {
			style += "/over"
		}
		if h := headingText(t); h != "" {
			out = append(out, Heading{Level: level(style), Text: h, Line: i})
		}
	}
	return out
}
