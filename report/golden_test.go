package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files and docs/report.schema.json")

// goldenFormats are the renderers with golden files, by file suffix.
var goldenFormats = []struct {
	suffix string
	r      Renderer
}{
	{"html", HTML{}},
	{"md", Markdown{}},
	{"json", JSON{}},
	{"txt", Table{}},
	{"color.txt", Table{Color: true}},
}

// TestGolden renders every fixture in every format and compares the output
// with testdata/golden. After a deliberate change, run
//
//	go test ./report -run TestGolden -update
//
// and review the diff. The fixtures come from the real pipeline (the fake
// GitHub and analyzer.Inspect), so a change in the analysis shows up here.
func TestGolden(t *testing.T) {
	for _, f := range fixtures(t) {
		for _, g := range goldenFormats {
			t.Run(f.name+"."+g.suffix, func(t *testing.T) {
				var buf bytes.Buffer
				if err := g.r.Render(&buf, f.report); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", "golden", f.name+"."+g.suffix)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run: go test ./report -run TestGolden -update)", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("%s differs from the output (run: go test ./report -run TestGolden -update, and review the diff)\n%s",
						path, firstDifference(string(want), buf.String()))
				}
			})
		}
	}
}

// TestGoldenFilesAreStable guards the fixtures' normalisation: nothing in
// a golden file may depend on the machine, the clock or the fake's port.
func TestGoldenFilesAreStable(t *testing.T) {
	for _, f := range fixtures(t) {
		for _, g := range goldenFormats {
			var buf bytes.Buffer
			if err := g.r.Render(&buf, f.report); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, bad := range []string{"127.0.0.1", "localhost", os.TempDir() + "/Test", "/work/", mustGetwd(t)} {
				if strings.Contains(out, bad) {
					t.Errorf("%s.%s contains %q", f.name, g.suffix, bad)
				}
			}
		}
	}
}

func mustGetwd(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
