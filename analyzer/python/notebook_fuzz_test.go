package python

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzAnalyzeNotebook feeds the notebook reader any bytes: it returns facts or an
// error wrapping ErrNotebook, ErrTooLarge or ErrTimeout, never panics, and its
// evidence names a cell of the notebook.
func FuzzAnalyzeNotebook(f *testing.F) {
	for _, s := range []string{
		`{"cells": [{"cell_type": "code", "source": ["import numpy as np\n", "x = np.zeros(3)\n"], "outputs": []}], "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4}`,
		`{"cells": [{"cell_type": "code", "source": "%%bash\nls\n"}, {"cell_type": "code", "source": "%matplotlib inline\n!pip install x\ny = !ls\nimport os\n"}], "nbformat": 4}`,
		`{"worksheets": [{"cells": [{"cell_type": "code", "input": ["print 'nbformat 3'\n"]}]}], "nbformat": 3}`,
		`{"cells": [{"cell_type": "code", "source": 42}]}`,
		`{"cells": [{"cell_type": "markdown", "source": "# t"}], "metadata": {"language_info": {"name": "R"}}}`,
		`{"cells": [{"cell_type": "code", "source": "x", "outputs": [[[[[[[[[[]]]]]]]]]]}]}`,
		`{"cells": {"not": "a list"}}`,
		`{"cells": [`,
		"\xff\xfe{}",
		"version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, unlock := sharedFuzzAnalyzer()
		defer unlock()
		ff, err := a.AnalyzeNotebook("fuzz.ipynb", src)
		if err != nil {
			if !errors.Is(err, ErrNotebook) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrTimeout) {
				t.Fatalf("error of no known kind: %v", err)
			}
			return
		}
		if ff.Notebook == nil {
			t.Fatal("facts without notebook information")
		}
		cells := ff.Notebook.Cells
		for _, imp := range ff.Imports {
			if e := imp.Evidence; e.Cell < 1 || e.Cell > cells || e.Line < 1 || e.EndLine < e.Line {
				t.Fatalf("import %q: evidence %+v outside the notebook's %d cells", imp.Module, e, cells)
			}
		}
		for _, fn := range ff.Functions {
			if e := fn.Evidence; e.Cell < 1 || e.Cell > cells || e.Line < 1 || e.EndLine < e.Line {
				t.Fatalf("function %q: evidence %+v outside the notebook's %d cells", fn.Name, e, cells)
			}
		}
		if _, err := json.Marshal(ff); err != nil {
			t.Fatalf("facts do not marshal: %v", err)
		}
	})
}
