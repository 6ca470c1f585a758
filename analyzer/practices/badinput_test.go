package practices

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestBadInputWarnings(t *testing.T) {
	wf := ".github/workflows/ci.yml"
	tests := []struct {
		name  string
		files map[string]string
		// unread lists wanted files the walker did not read.
		unread []string
		want   []Warning
	}{
		{"malformed workflow", map[string]string{wf: "jobs:\n  test:\n    steps: [\n"}, nil,
			[]Warning{{Path: wf, Line: 3, Message: "malformed YAML: sequence end token ']' not found"}}},
		{"workflow without jobs", map[string]string{wf: "name: x\n"}, nil,
			[]Warning{{Path: wf, Message: "not a GitHub Actions workflow: no jobs mapping"}}},
		{"workflow that is a list", map[string]string{wf: "- a\n- b\n"}, nil,
			[]Warning{{Path: wf, Message: "not a GitHub Actions workflow: no jobs mapping"}}},
		{"huge workflow", map[string]string{wf: "jobs:\n" + strings.Repeat("# padding\n", MaxYAMLBytes/10+1)}, nil,
			[]Warning{{Path: wf, Message: "over the size bound: not parsed"}}},
		{"deeply nested flow", map[string]string{wf: "jobs: " + strings.Repeat("[", 5000) + "\n"}, nil,
			[]Warning{{Path: wf, Line: 1, Message: "malformed YAML: flow collections nested more than 64 deep: not parsed"}}},
		{"deeply nested blocks", map[string]string{wf: "jobs:\n" + strings.Repeat("- ", 300) + "x\n"}, nil,
			[]Warning{{Path: wf, Line: 2, Message: "malformed YAML: nested more than 400 columns deep: not parsed"}}},
		{"alias bomb", map[string]string{wf: aliasBomb()}, nil,
			[]Warning{{Path: wf, Message: "malformed YAML: more than 20000 YAML nodes (aliases expanded)"}}},
		{"unknown alias", map[string]string{wf: "jobs: *nowhere\n"}, nil,
			[]Warning{{Path: wf, Line: 1, Message: "malformed YAML: unknown alias *nowhere"}}},
		{"malformed pyproject", map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n[tool.ruff\nline-length = 1\n"}, nil,
			// The decoder names the line where it met the newline.
			[]Warning{{Path: "pyproject.toml", Line: 4, Message: "malformed TOML: expected '.' or ']' to end table name, but got '\\n' instead"}}},
		{"deep pyproject", map[string]string{"pyproject.toml": "a = " + strings.Repeat("{b = ", 1000) + "1\n"}, nil,
			[]Warning{{Path: "pyproject.toml", Line: 1, Message: "malformed TOML: arrays or inline tables nested more than 32 deep: not parsed"}}},
		{"dotted key bomb", map[string]string{"pyproject.toml": "[" + strings.Repeat("a.", 20000) + "a]\n"}, nil,
			[]Warning{{Path: "pyproject.toml", Line: 1, Message: "malformed TOML: a key with more than 32 dotted parts: not parsed"}}},
		{"malformed setup.cfg", map[string]string{"setup.cfg": "name = x\n[flake8]\nmax-line-length = 1\n"}, nil,
			[]Warning{{Path: "setup.cfg", Line: 1, Message: "malformed INI: key before any section"}}},
		{"malformed pre-commit", map[string]string{".pre-commit-config.yaml": "repos: [\n"}, nil,
			[]Warning{{Path: ".pre-commit-config.yaml", Line: 1, Message: "malformed YAML: sequence end token ']' not found"}}},
		{"unread files", map[string]string{"pyproject.toml": "", "README.md": ""}, []string{"pyproject.toml", "README.md"},
			[]Warning{{Path: "README.md", Message: "not read (too large or unreadable)"}, {Path: "pyproject.toml", Message: "not read (too large or unreadable)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := buildRepo(t, tt.files)
			for _, p := range tt.unread {
				delete(r.Contents, p)
			}
			start := time.Now()
			rp := Analyze(r)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if !reflect.DeepEqual(rp.Warnings, tt.want) {
				t.Errorf("warnings\n got %+v\nwant %+v", rp.Warnings, tt.want)
			}
		})
	}
}

// aliasBomb is a "billion laughs" document: nine levels of nine aliases.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		prev := "*a" + string(rune('0'+i-1))
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(prev)
		}
		b.WriteString("]\n")
	}
	b.WriteString("jobs: *a8\n")
	return b.String()
}

func TestMalformedConfigKeepsTheRest(t *testing.T) {
	rp := Analyze(buildRepo(t, map[string]string{
		"pyproject.toml":           "[tool.ruff\n",
		"setup.cfg":                "[flake8]\nmax-line-length = 1\n",
		".github/workflows/a.yml":  "jobs: [\n",
		".github/workflows/b.yml":  "jobs:\n  t:\n    steps:\n      - run: pytest\n",
		"tests/test_x.py":          "def test_x():\n    assert 1\n",
		".pre-commit-config.yaml":  ":\n  - [",
		"README.md":                "# Title\n",
		"LICENSE":                  "\x00\x01",
		"docs/index.md":            "",
		".github/workflows/c.yaml": "",
	}))
	if rp.Tests.Tests != 1 || rp.CI.TestJobs != 1 || len(rp.Tools) != 2 || len(rp.Warnings) != 4 {
		t.Errorf("tests %d, test jobs %d, tools %+v, warnings %+v", rp.Tests.Tests, rp.CI.TestJobs, rp.Tools, rp.Warnings)
	}
}

// FuzzParsers checks that no input makes the parsers panic or hang; the
// seeds run as an ordinary test.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{
		"jobs:\n  a:\n    steps:\n      - run: pytest\n",
		"a: &x [1, *x]\n",
		"? [a, {b: c}]\n: d\n",
		"[tool.pytest.ini_options]\ntestpaths = ['tests']\n",
		"a = \"\"\"\nx\n\"\"\"\nb = '''y'''\n",
		"[pytest]\naddopts = -ra\n  --strict\n",
		strings.Repeat("[", 100),
		"\xef\xbb\xbf# Title\n===\n",
		"a = 'unterminated\nb = 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = parseYAML(data)
		_, _ = parseTOML(data)
		_, _ = parseINI(data)
		_ = markdownHeadings(data)
		_ = rstHeadings(data)
		_ = commandTools(string(data))
	})
}
