package configfile

import (
	"os/exec"
	"strings"
	"testing"
)

func TestSetDecodesEachFileOnce(t *testing.T) {
	files := map[string][]byte{
		"pyproject.toml":           []byte("[project]\nname = 'x'\n"),
		"tox.ini":                  []byte("[tox]\nenvlist = py312\n"),
		".github/workflows/ci.yml": []byte("jobs:\n  a:\n    steps: []\n"),
		"README.md":                []byte("# x\n"),
	}
	set := NewSet(files)
	manifests := set.Only(func(p string) bool { return p != ".github/workflows/ci.yml" })
	first := set.TOML("pyproject.toml")
	if first == nil || first.Root == nil {
		t.Fatalf("pyproject.toml: %+v", first)
	}
	if again := manifests.TOML("pyproject.toml"); again != first {
		t.Error("a derived set decoded pyproject.toml again")
	}
	if set.INI("tox.ini") != manifests.INI("tox.ini") {
		t.Error("tox.ini split twice")
	}
	wf := set.YAML(".github/workflows/ci.yml")
	if again := set.YAML(".github/workflows/ci.yml"); wf == nil || again != wf {
		t.Error("workflow parsed twice")
	}
	for _, p := range []string{"pyproject.toml", "tox.ini", ".github/workflows/ci.yml"} {
		if n := set.Decodes(p); n != 1 {
			t.Errorf("%s decoded %d times, want 1", p, n)
		}
	}
	// Near misses: a file never asked for is not decoded; a file outside
	// the set, or filtered out of a derived set, is not there.
	if n := set.Decodes("README.md"); n != 0 {
		t.Errorf("README.md decoded %d times", n)
	}
	if manifests.YAML(".github/workflows/ci.yml") != nil || set.TOML("nope.toml") != nil || set.INI("nope.ini") != nil {
		t.Error("a file outside the set was decoded")
	}
	if _, ok := manifests.Files()[".github/workflows/ci.yml"]; ok {
		t.Error("Only kept a file it should drop")
	}
}

func TestDecodeTOML(t *testing.T) {
	t.Run("valid", func(t *testing.T) {
		doc := DecodeTOML([]byte("[tool.ruff]\nline-length = 88\n"))
		if doc.Err != nil || len(doc.Repairs) != 0 || Table(doc.Root, "tool", "ruff") == nil || len(doc.Headers) != 1 {
			t.Errorf("%+v", doc)
		}
	})
	t.Run("one broken line is repaired", func(t *testing.T) {
		doc := DecodeTOML([]byte("[project]\nname = 'x'\nnot toml at all\n[tool.black]\nline-length = 88\n"))
		if doc.Err == nil || doc.Err.Line == 0 {
			t.Fatalf("the text as written should fail with a line: %+v", doc.Err)
		}
		if len(doc.Repairs) != 1 || doc.Repairs[0].Line != 3 || doc.Root == nil || Table(doc.Root, "tool", "black") == nil {
			t.Errorf("repairs %+v root %v", doc.Repairs, doc.Root)
		}
	})
	t.Run("too many broken lines", func(t *testing.T) {
		doc := DecodeTOML([]byte(strings.Repeat("= broken\n", MaxTOMLRepairs+2)))
		if doc.Root != nil || len(doc.Repairs) != MaxTOMLRepairs+1 {
			t.Errorf("root %v, %d repairs", doc.Root, len(doc.Repairs))
		}
	})
	t.Run("too deep is refused unread", func(t *testing.T) {
		doc := DecodeTOML([]byte("a = " + strings.Repeat("[", MaxTOMLDepth+1) + strings.Repeat("]", MaxTOMLDepth+1) + "\n"))
		if !doc.TooDeep || doc.Err == nil || doc.Err.Line != 1 || doc.Root != nil || len(doc.Repairs) != 0 {
			t.Errorf("%+v", doc)
		}
	})
	t.Run("type error keeps its line for the repair", func(t *testing.T) {
		doc := DecodeTOML([]byte("a = 1\na = 2\nb = 3\n"))
		if doc.Err == nil || len(doc.Repairs) == 0 || doc.Repairs[0].Line != 2 {
			t.Errorf("err %+v repairs %+v", doc.Err, doc.Repairs)
		}
	})
}

func TestDecodeTOMLStrict(t *testing.T) {
	var v struct {
		A int `toml:"a"`
	}
	if err := DecodeTOMLStrict("a = 1\n", &v); err != nil || v.A != 1 {
		t.Errorf("%v %+v", err, v)
	}
	if err := DecodeTOMLStrict("a = 1\nb = 2\n", &v); err == nil || !strings.Contains(err.Error(), "b") {
		t.Errorf("unknown key accepted: %v", err)
	}
}

func TestINIReadsEachDialectFromOneSplit(t *testing.T) {
	src := []byte("\xef\xbb\xbf[s]\n  a = 1 # c\n  b = 2\n[broken\nk = v\n")
	ini := ParseINI(src)
	for _, opts := range []INIOptions{
		{},
		{StripBOM: true, InlineComments: true},
		{AnyIndentContinues: true, UnclosedHeaderEndsSection: true},
		{StripBOM: true, AnyIndentContinues: true},
	} {
		gotS, gotP := ini.Read(opts)
		wantS, wantP := ReadINI(src, opts)
		if len(gotS) != len(wantS) || len(gotP) != len(wantP) {
			t.Errorf("%+v: a shared split reads differently", opts)
		}
	}
	if secs, _ := ini.Read(INIOptions{StripBOM: true}); len(secs) != 1 || secs[0].Name != "s" {
		t.Errorf("StripBOM: %+v", secs)
	}
	if secs, problems := ini.Read(INIOptions{}); len(secs) != 0 || len(problems) == 0 || problems[0].Line != 1 {
		t.Errorf("a kept BOM should hide the first header: %+v %+v", secs, problems)
	}
}

func TestParseYAMLFile(t *testing.T) {
	y := ParseYAMLFile([]byte("a: &x 1\nb: *x\n---\nc: *x\n---\n- d\n"))
	if y.Err != nil || len(y.Docs) != 3 {
		t.Fatalf("%+v", y)
	}
	if y.Docs[0].Get("b").Str() != "1" {
		t.Errorf("alias in its document: %+v", y.Docs[0].Get("b"))
	}
	if y.DocErrs[1] == nil || y.Docs[1] != nil {
		t.Error("an anchor of another document should be unknown")
	}
	if y.DocErrs[2] != nil || y.Docs[2].Kind != Seq {
		t.Errorf("third document: %v", y.DocErrs[2])
	}
	if root, err := y.First(); err != nil || root != y.Docs[0] {
		t.Errorf("First: %v", err)
	}

	// The node budget is the file's: each document below expands to about
	// 7,400 nodes, under the budget alone; the third goes over it.
	aliases := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c]\n"
	y = ParseYAMLFile([]byte("ok: 1\n" + strings.Repeat("---\n"+aliases, 3)))
	if y.Err != nil || len(y.Docs) != 4 || y.Docs[0].Get("ok").Str() != "1" {
		t.Fatalf("%+v", y)
	}
	if y.DocErrs[1] != nil || y.DocErrs[2] != nil || y.Docs[2].Get("d").Kind != Seq {
		t.Errorf("documents under the budget failed: %v %v", y.DocErrs[1], y.DocErrs[2])
	}
	if y.DocErrs[3] == nil || !strings.Contains(y.DocErrs[3].Error(), "nodes") {
		t.Errorf("third expansion: %v, want over the file's node budget", y.DocErrs[3])
	}

	for _, bad := range []string{"a: [unclosed\n", strings.Repeat("[", MaxYAMLDepth+1)} {
		if y := ParseYAMLFile([]byte(bad)); y.Err == nil || len(y.Docs) != 0 {
			t.Errorf("%q: %+v", bad, y)
		}
	}
	if y := ParseYAMLFile([]byte(strings.Repeat("[", MaxYAMLDepth+1))); !y.Err.TooDeep {
		t.Error("nesting refusal not marked TooDeep")
	}
	if root, err := ParseYAML(nil); err != nil || root.Kind != Null {
		t.Errorf("empty text: %+v %v", root, err)
	}
}

// TestOnlyConfigfileDecodes is the compile-level guarantee that every
// repository file is decoded here: no other analyzer package imports a
// TOML or YAML library, so the manifests and the practices can only read
// configfile's decoded forms.
func TestOnlyConfigfileDecodes(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the imports")
	}
	out, err := exec.Command(goTool, "list", "-f",
		`{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`,
		"github.com/pyscout/pyscout/analyzer/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		if pkg == "github.com/pyscout/pyscout/analyzer/manifest" || pkg == "github.com/pyscout/pyscout/analyzer/practices" {
			seen++
		}
		if pkg == "github.com/pyscout/pyscout/analyzer/configfile" {
			continue
		}
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, "github.com/BurntSushi/toml") || strings.HasPrefix(imp, "github.com/goccy/go-yaml") ||
				strings.HasPrefix(imp, "github.com/pelletier/go-toml") || strings.HasPrefix(imp, "gopkg.in/yaml") ||
				strings.HasPrefix(imp, "gopkg.in/ini") {
				t.Errorf("%s imports %s: decode through configfile instead", pkg, imp)
			}
		}
	}
	if seen != 2 {
		t.Errorf("listed %d of the manifest and practices packages, want 2:\n%s", seen, out)
	}
}
