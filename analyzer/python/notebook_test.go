package python

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func analyzeNotebookFile(t *testing.T, a *Analyzer, name string) *FileFacts {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	ff, err := a.AnalyzeNotebook("nb/"+name, src)
	if err != nil {
		t.Fatal(err)
	}
	return ff
}

func TestNotebook(t *testing.T) {
	a := newTestAnalyzer(t)
	ff := analyzeNotebookFile(t, a, "analysis.ipynb")
	wantInfo := NotebookInfo{Language: "python", Cells: 7, CodeCells: 5, MagicCells: 1, MagicLines: 5}
	if *ff.Notebook != wantInfo {
		t.Errorf("notebook = %+v, want %+v", *ff.Notebook, wantInfo)
	}
	var imports []string
	for _, im := range ff.Imports {
		imports = append(imports, im.Module)
	}
	if want := []string{"pandas", "numpy", "seaborn", "sklearn.linear_model"}; !reflect.DeepEqual(imports, want) {
		t.Errorf("imports = %v, want %v", imports, want)
	}
	// seaborn is on line 5 of cell 2: the blanked magics keep line numbers.
	if got, want := ff.Imports[2].Evidence, (Evidence{Path: "nb/analysis.ipynb", Line: 5, EndLine: 5, Cell: 2}); got != want {
		t.Errorf("seaborn evidence = %+v, want %+v", got, want)
	}
	if len(ff.Functions) != 2 || ff.Functions[0].Name != "clean" || ff.Functions[0].Evidence.Cell != 4 || ff.Functions[0].Evidence.Line != 4 {
		t.Errorf("functions = %+v", ff.Functions)
	}
	if len(ff.Classes) != 1 || ff.Classes[0].Evidence.Cell != 6 || ff.Classes[0].SuperCalls != 1 {
		t.Errorf("classes = %+v", ff.Classes)
	}
	if !ff.ParseError || len(ff.ErrorSites) == 0 || ff.ErrorSites[0].Cell != 7 {
		t.Errorf("parse error in cell 7 not reported: %v %+v", ff.ParseError, ff.ErrorSites)
	}
	if ff.Features.Modern.FStrings.Count != 1 {
		t.Errorf("f-strings = %d", ff.Features.Modern.FStrings.Count)
	}
}

func TestNotebookOtherLanguageAndV3(t *testing.T) {
	a := newTestAnalyzer(t)
	r := analyzeNotebookFile(t, a, "r_kernel.ipynb")
	if r.Notebook.Language != "R" || len(r.Imports)+len(r.Functions)+len(r.Classes) != 0 || r.Lines != 0 {
		t.Errorf("R notebook analysed: %+v", r)
	}
	v3 := analyzeNotebookFile(t, a, "v3.ipynb")
	if v3.Notebook.CodeCells != 1 || len(v3.Functions) != 1 || len(v3.Imports) != 1 || v3.Lines != 3 {
		t.Errorf("nbformat 3: %+v", v3)
	}
}

func TestNotebookInvalid(t *testing.T) {
	a := newTestAnalyzer(t)
	for _, src := range []string{"", "{", `{"cells": [{"cell_type": "code", "source": 5}]}`, "[1,2]"} {
		_, err := a.AnalyzeNotebook("x.ipynb", []byte(src))
		if !errors.Is(err, ErrNotebook) {
			t.Errorf("%q: err = %v, want ErrNotebook", src, err)
		}
	}
}

func TestStripMagics(t *testing.T) {
	tests := []struct {
		in, out string
		blanked int
		skip    bool
	}{
		{"import os\n", "import os\n", 0, false},
		{"%%timeit\nx = 1\n", "", 0, true},
		{"\n  %%bash\nls\n", "", 0, true},
		{"%matplotlib inline\nx = 1\n!ls -l\n", "\nx = 1\n\n", 2, false},
		{"files = !ls\nout = %sx ls\ny = x % 2\n", "\n\ny = x % 2\n", 2, false},
		{"df.head?\n?df\nobj??\nx = a if b else c\n", "\n\n\nx = a if b else c\n", 3, false},
		{"def f():\n    %time g()\n    return 1", "def f():\n\n    return 1", 1, false},
	}
	for _, tt := range tests {
		out, blanked, skip := stripMagics(tt.in)
		if out != tt.out || blanked != tt.blanked || skip != tt.skip {
			t.Errorf("stripMagics(%q) = %q, %d, %v; want %q, %d, %v", tt.in, out, blanked, skip, tt.out, tt.blanked, tt.skip)
		}
	}
}
