package practices

import (
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// The files read here (setup.cfg, tox.ini, pytest.ini, .flake8...) are
// split into lines once per repository by configfile and read as configparser reads them, plus two habits of
// pytest's iniconfig: a byte order mark is dropped, and " #" / " ;" start
// an inline comment. Key names are lower-cased, as configparser's
// optionxform does.

// iniFile is a parsed INI file.
type iniFile struct {
	sections []iniSection
}

type iniSection struct {
	name string
	line int
	keys []iniKey
}

type iniKey struct {
	name  string
	value string
	line  int
}

// iniProblem is a line the reader could not make sense of.
type iniProblem struct {
	line int
	msg  string
}

// section returns the first section of that name (case-sensitive, as
// configparser compares them), or nil.
func (f *iniFile) section(name string) *iniSection {
	for i := range f.sections {
		if f.sections[i].name == name {
			return &f.sections[i]
		}
	}
	return nil
}

// get returns a key's value and whether the key is set.
func (s *iniSection) get(key string) (string, bool) {
	if s == nil {
		return "", false
	}
	for _, k := range s.keys {
		if k.name == key {
			return k.value, true
		}
	}
	return "", false
}

// iniOptions is how the practices read INI files: pytest's habits.
var iniOptions = configfile.INIOptions{StripBOM: true, InlineComments: true}

// parseINI reads one INI text outside any repository (tests, fuzzing,
// tox's legacy_tox_ini string); it never fails, but lists the lines it
// skipped.
func parseINI(data []byte) (iniFile, []iniProblem) { return iniView(configfile.ParseINI(data)) }

// ini returns an INI file of the repository, split once for every reader.
func (a *analysis) ini(p string) (iniFile, []iniProblem) { return iniView(a.parsed.INI(p)) }

// iniView reads the sections of a split INI file as the practices do.
func iniView(ini *configfile.INI) (iniFile, []iniProblem) {
	secs, problems := ini.Read(iniOptions)
	var f iniFile
	for _, s := range secs {
		sec := iniSection{name: s.Name, line: s.Line}
		for i := range s.Keys {
			k := &s.Keys[i]
			sec.keys = append(sec.keys, iniKey{name: strings.ToLower(k.Name), value: k.Value(), line: k.Line})
		}
		f.sections = append(f.sections, sec)
	}
	var out []iniProblem
	for _, p := range problems {
		out = append(out, iniProblem{p.Line, p.Kind.String()})
	}
	return f, out
}

// iniList splits a multi-valued INI setting (whitespace or newlines
// between entries, as pytest reads testpaths and python_files).
func iniList(v string) []string {
	if f := strings.Fields(v); len(f) > 0 {
		return f
	}
	return nil
}
