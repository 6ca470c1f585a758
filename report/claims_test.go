package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/rules"
)

// branchy returns a function of cyclomatic complexity 1+n.
func branchy(name string, n int) string {
	var b strings.Builder
	b.WriteString("def " + name + "(x):\n")
	for i := range n {
		b.WriteString("    if x == " + string(rune('0'+i%10)) + ":\n        x += 1\n")
	}
	b.WriteString("    return x\n")
	return b.String()
}

// TestMostComplexFindingNamesTheTablesFirst: the finding "The most
// complex function" and the report's table of functions worth opening read
// one ranking, the finding keeping to the project's own code (rules cite
// tests only when they are about tests). The near-miss: a later repository
// has a more complex function in a test file; the table ranks it first,
// the finding names the first source function of the same ranking.
func TestMostComplexFindingNamesTheTablesFirst(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"first/app.py":                 branchy("first_repo_router", 12),
		"second/lib.py":                branchy("small", 2),
		"second/tests/test_parsing.py": branchy("test_every_case", 16),
		"second/tests/__init__.py":     "",
		"second/pyproject.toml":        "[project]\nname = \"second\"\n",
		"first/pyproject.toml":         "[project]\nname = \"first\"\n",
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // hang guard
	defer cancel()
	p, err := analyzer.Inspect(ctx, []string{filepath.Join(root, "first"), filepath.Join(root, "second")}, analyzer.Options{
		Jobs: 1, CacheDir: t.TempDir(), Now: func() time.Time { return fixtureNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 2 || p.Repos[0].Name != "first" {
		t.Fatalf("repos = %d, want first then second", len(p.Repos))
	}
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := set.Evaluate(p, rules.Options{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	var finding string
	for _, f := range res.Findings {
		if f.Rule == "lang-complexity" {
			finding = f.Text
		}
	}
	_, spots := functionTables(p)
	if len(spots) == 0 || spots[0].Kind != "Most complex" {
		t.Fatalf("hotspots = %+v, want the most complex first", spots)
	}
	if spots[0].Name != "test_every_case" || spots[0].Measure != "complexity 17" {
		t.Errorf("table ranks first %s (%s), want test_every_case (complexity 17)", spots[0].Name, spots[0].Measure)
	}
	if !strings.Contains(finding, "first_repo_router,") || strings.Contains(finding, spots[0].Name) {
		t.Errorf("finding %q does not name the ranking's first source function, first_repo_router", finding)
	}
	if got := p.Functions.MostComplex; len(got) < 2 || got[0].Repo != "second" || got[1].Qualname != "first_repo_router" {
		t.Errorf("profile ranking = %+v, want second's test first, then first_repo_router", got)
	}
}

// TestFindingPercentagesReadLikeTheTables: a rule's percentage is
// rounded as the report's tables round it (66.5% is 67% in both); the
// near-miss is the truncation int(x * 100) the findings used, which wrote
// 66% beside a table's 67%.
func TestFindingPercentagesReadLikeTheTables(t *testing.T) {
	p := &analyzer.Profile{}
	p.Code.Functions = 20
	p.Code.FunctionStats.ParamHintRatio = 0.665
	p.Code.FunctionStats.ReturnHintRatio = 0.5
	p.Code.FunctionStats.DocstringRatio = 0.095
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := set.Evaluate(p, rules.Options{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range res.Checklist {
		if c.ID == "best-practices" {
			checked++
			if want := percent(0.665) + " of parameters type-hinted"; !strings.Contains(c.Answer, want) {
				t.Errorf("checklist answer %q, want %q", c.Answer, want)
			}
		}
	}
	if checked != 1 {
		t.Errorf("best-practices not answered: the rules changed")
	}
}
