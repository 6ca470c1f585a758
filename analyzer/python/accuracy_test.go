package python

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// astFile is one line of testdata/ast_facts.py's output.
type astFile struct {
	Path      string `json:"path"`
	OK        bool   `json:"ok"`
	Error     string `json:"error"`
	Classes   []astClass
	Functions []astFunction
	Imports   []astImport
}

type astClass struct {
	Name  string   `json:"name"`
	Line  int      `json:"line"`
	Bases []string `json:"bases"`
}

type astFunction struct {
	Name       string `json:"name"`
	Line       int    `json:"line"`
	Complexity *int   `json:"complexity,omitempty"`
}

type astImport struct {
	Module string `json:"module"`
	Level  int    `json:"level"`
	Line   int    `json:"line"`
}

// pythonForTests finds the interpreter for tests that compare with CPython:
// $PYSCOUT_PYTHON if set, else python3 on PATH.
func pythonForTests(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PYSCOUT_PYTHON"); p != "" {
		return p
	}
	p, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: ", err)
	}
	return p
}

func corpusFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join("testdata", "corpus"), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".pyi")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

func runASTFacts(t *testing.T, python string, files []string) map[string]astFile {
	t.Helper()
	cmd := exec.Command(python, filepath.Join("testdata", "ast_facts.py"))
	cmd.Stdin = strings.NewReader(strings.Join(files, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ast_facts.py: %v\n%s", err, stderr.String())
	}
	res := make(map[string]astFile, len(files))
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var f astFile
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatalf("ast_facts.py output: %v: %.200s", err, sc.Text())
		}
		res[f.Path] = f
	}
	if len(res) != len(files) {
		t.Fatalf("ast_facts.py reported %d files, want %d", len(res), len(files))
	}
	return res
}

// goFacts projects FileFacts onto what ast_facts.py prints.
func goFacts(ff *FileFacts, withComplexity map[[2]any]bool) (classes []astClass, funcs []astFunction, imps []astImport) {
	classes = []astClass{}
	funcs = []astFunction{}
	imps = []astImport{}
	for _, c := range ff.Classes {
		classes = append(classes, astClass{Name: c.Name, Line: c.Evidence.Line, Bases: c.Bases})
	}
	for _, f := range ff.Functions {
		af := astFunction{Name: f.Name, Line: f.Evidence.Line}
		if withComplexity[[2]any{f.Name, f.Evidence.Line}] {
			cx := f.Complexity
			af.Complexity = &cx
		}
		funcs = append(funcs, af)
	}
	for _, im := range ff.Imports {
		if im.Kind == ImportDynamic {
			continue // ast sees a call, not an import
		}
		imps = append(imps, astImport{Module: im.Module, Level: im.Level, Line: im.Evidence.Line})
	}
	sort.SliceStable(classes, func(i, j int) bool {
		if classes[i].Line != classes[j].Line {
			return classes[i].Line < classes[j].Line
		}
		return classes[i].Name < classes[j].Name
	})
	sort.SliceStable(funcs, func(i, j int) bool {
		if funcs[i].Line != funcs[j].Line {
			return funcs[i].Line < funcs[j].Line
		}
		return funcs[i].Name < funcs[j].Name
	})
	sort.SliceStable(imps, func(i, j int) bool {
		a, b := imps[i], imps[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Module != b.Module {
			return a.Module < b.Module
		}
		return a.Level < b.Level
	})
	return classes, funcs, imps
}

func normalizeAST(f *astFile) {
	if f.Classes == nil {
		f.Classes = []astClass{}
	}
	for i := range f.Classes {
		if f.Classes[i].Bases == nil {
			f.Classes[i].Bases = []string{}
		}
	}
	if f.Functions == nil {
		f.Functions = []astFunction{}
	}
	if f.Imports == nil {
		f.Imports = []astImport{}
	}
}

func diffJSON(want, got any) string {
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(got)
	return fmt.Sprintf("\n  ast: %s\n  got: %s", w, g)
}

// TestAccuracyAgainstCPython requires exact agreement with CPython's ast on
// classes (name, line, bases), functions (name, line) and imports (module,
// level, line) for every corpus and generated file that CPython parses;
// when radon is importable by that interpreter, also on complexity.
func TestAccuracyAgainstCPython(t *testing.T) {
	python := pythonForTests(t)
	files := corpusFiles(t)
	// PYSCOUT_GEN_N and PYSCOUT_GEN_SEED widen the generated part locally.
	n, seed := 300, int64(1)
	if v, err := strconv.Atoi(os.Getenv("PYSCOUT_GEN_N")); err == nil && v >= 0 {
		n = v
	}
	if v, err := strconv.ParseInt(os.Getenv("PYSCOUT_GEN_SEED"), 10, 64); err == nil {
		seed = v
	}
	generated := writeGeneratedCorpus(t, t.TempDir(), n, seed)
	files = append(files, generated...)

	want := runASTFacts(t, python, files)
	a, err := NewAnalyzer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	compared, unparsed, withCC, ccFuncs := 0, 0, 0, 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ff, err := a.AnalyzeFile(path, src)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		exp := want[path]
		if !exp.OK {
			unparsed++
			continue
		}
		compared++
		normalizeAST(&exp)
		hasCC := map[[2]any]bool{}
		for _, f := range exp.Functions {
			if f.Complexity != nil {
				hasCC[[2]any{f.Name, f.Line}] = true
				ccFuncs++
			}
		}
		if len(hasCC) > 0 {
			withCC++
		}
		classes, funcs, imps := goFacts(ff, hasCC)
		if !reflect.DeepEqual(classes, exp.Classes) {
			t.Errorf("%s: classes differ:%s", path, diffJSON(exp.Classes, classes))
		}
		if !reflect.DeepEqual(funcs, exp.Functions) {
			t.Errorf("%s: functions differ:%s", path, diffJSON(exp.Functions, funcs))
		}
		if !reflect.DeepEqual(imps, exp.Imports) {
			t.Errorf("%s: imports differ:%s", path, diffJSON(exp.Imports, imps))
		}
		if ff.Python2 {
			t.Errorf("%s: CPython 3 parses it, but it is flagged Python 2: %+v", path, ff.Features.Python2)
		}
		if ff.ParseError {
			t.Errorf("%s: CPython parses it, but tree-sitter reports errors at %+v", path, ff.ErrorSites)
		}
	}
	t.Logf("compared %d files with CPython (%d corpus, %d generated), %d not parsed by CPython; complexity checked for %d functions in %d files",
		compared, len(files)-len(generated), len(generated), unparsed, ccFuncs, withCC)
	if compared < len(files)/2 {
		t.Errorf("only %d of %d files were compared", compared, len(files))
	}
}
