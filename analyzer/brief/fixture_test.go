package brief

import (
	"sort"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
)

// codeOf runs the real Python analysis over a fixture repository (paths
// to contents) and feeds the collector as the pipeline does: every .py
// file parsed, every other file kept as content.
func codeOf(t *testing.T, files map[string]string) *Code {
	t.Helper()
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	contents := map[string][]byte{}
	packaging := map[string][]byte{}
	for _, p := range paths {
		// setup.py is a manifest too: the walk keeps its content.
		if !strings.HasSuffix(p, ".py") || p == "setup.py" {
			contents[p] = []byte(files[p])
		}
		if python.IsPackagingFile(p) {
			packaging[p] = []byte(files[p])
		}
	}
	configs := configfile.NewSet(contents)
	resolver := python.NewImportResolver(python.RepoLayout{Files: paths, Packaging: packaging, Configs: configs})
	a, err := python.NewAnalyzer(python.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	c := NewCollector(roles.ByPath)
	for _, p := range paths {
		if !strings.HasSuffix(p, ".py") {
			continue
		}
		ff, err := a.AnalyzeFile(p, []byte(files[p]))
		if err != nil {
			t.Fatal(err)
		}
		origins := make([]python.ImportOrigin, len(ff.Imports))
		for i, imp := range ff.Imports {
			origins[i], _ = resolver.Classify(p, imp)
		}
		c.Add(ff, origins)
	}
	return c.Finish(paths, contents, ReadPackaging(configs))
}

// briefOne builds the brief of one fixture repository.
func briefOne(t *testing.T, files map[string]string) Brief {
	t.Helper()
	out := Build([]Input{{Name: "r", Code: codeOf(t, files)}})
	if len(out) != 1 {
		t.Fatalf("%d briefs, want 1", len(out))
	}
	return out[0]
}

func lines(n int, s string) string { return strings.Repeat(s+"\n", n) }

func decisionIDs(b Brief) []string {
	var out []string
	for _, d := range b.Decisions {
		out = append(out, d.ID)
	}
	return out
}

func findDecision(b Brief, id string) *Decision {
	for i := range b.Decisions {
		if b.Decisions[i].ID == id {
			return &b.Decisions[i]
		}
	}
	return nil
}
