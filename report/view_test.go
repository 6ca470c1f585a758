package report

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/deps"
	"github.com/pyscout/pyscout/analyzer/manifest"
)

func TestGroupLibraries(t *testing.T) {
	t.Run("without categories, by count", func(t *testing.T) {
		got := groupLibraries([]libraryRow{{Import: "flask", Files: 3}, {Import: "requests", Files: 1}})
		if got.Categorised || len(got.Groups) != 1 || got.Groups[0].Name != "" || got.Groups[0].Rows[0].Import != "flask" {
			t.Errorf("%+v", got)
		}
	})
	t.Run("by category, biggest first, uncategorised last", func(t *testing.T) {
		got := groupLibraries([]libraryRow{
			{Import: "pandas", Files: 4, Category: "Data"},
			{Import: "tqdm", Files: 9},
			{Import: "flask", Files: 3, Category: "Web"},
			{Import: "fastapi", Files: 3, Category: "Web"},
			{Import: "numpy", Files: 1, Category: "Data"},
		})
		var names []string
		for _, g := range got.Groups {
			var libs []string
			for _, r := range g.Rows {
				libs = append(libs, r.Import)
			}
			names = append(names, g.Name+":"+strings.Join(libs, ","))
		}
		want := []string{"Web:flask,fastapi", "Data:pandas,numpy", "Other:tqdm"}
		if !got.Categorised || !reflect.DeepEqual(names, want) {
			t.Errorf("groups %v, want %v", names, want)
		}
	})
	t.Run("long lists are cut", func(t *testing.T) {
		var rows []libraryRow
		for i := 0; i < maxLibraryRows+3; i++ {
			rows = append(rows, libraryRow{Import: fmt.Sprintf("lib%02d", i), Files: 100 - i})
		}
		got := groupLibraries(rows)
		if got.Total != maxLibraryRows+3 || len(got.Groups[0].Rows) != maxLibraryRows || len(got.Others) != 3 || got.Others[0] != fmt.Sprintf("lib%02d", maxLibraryRows) {
			t.Errorf("total %d, shown %d, others %v", got.Total, len(got.Groups[0].Rows), got.Others)
		}
	})
}

func TestNumbers(t *testing.T) {
	cases := map[string]string{
		percent(0.666):             "67%",
		shortSHA("0123456789abcd"): "0123456789ab",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestColorOnlyOnATerminalWithoutNoColor(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "NO_COLOR" {
				return v
			}
			return ""
		}
	}
	cases := []struct {
		tty     bool
		noColor string
		want    bool
	}{
		{true, "", true},
		{true, "1", false},
		{true, "0", false}, // any non-empty value disables colour
		{false, "", false},
		{false, "1", false},
	}
	for _, c := range cases {
		if got := ColorAllowed(c.tty, env(c.noColor)); got != c.want {
			t.Errorf("ColorAllowed(tty=%v, NO_COLOR=%q) = %v", c.tty, c.noColor, got)
		}
	}

	r := fixtures(t)[0].report
	render := func(rd Renderer) string {
		var buf bytes.Buffer
		if err := rd.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	plainOut := render(WithOptions(Table{}, Options{Color: false}))
	colourOut := render(WithOptions(Table{}, Options{Color: true}))
	if strings.ContainsRune(plainOut, '\x1b') {
		t.Error("colour without Color")
	}
	if !strings.Contains(colourOut, "\x1b[1mpyscout: alice") || !strings.Contains(colourOut, "\x1b[32mShown\x1b[0m") {
		t.Errorf("no colour with Color:\n%s", colourOut)
	}
	if stripped := regexpSGR.ReplaceAllString(colourOut, ""); stripped != plainOut {
		t.Errorf("colour changes the text, not only its colour:\n%s", firstDifference(plainOut, stripped))
	}
	if WithOptions(HTML{}, Options{Color: true}) != (HTML{}) {
		t.Error("WithOptions changed a renderer without options")
	}
}

func TestFormats(t *testing.T) {
	if got := strings.Join(Formats(), ","); got != "html,json,md,table" {
		t.Errorf("formats %s", got)
	}
	for name, want := range map[string]Renderer{"html": HTML{}, "HTML": HTML{}, "md": Markdown{}, "json": JSON{}, "table": Table{}} {
		got, err := ForFormat(name)
		if err != nil || got != want {
			t.Errorf("ForFormat(%q) = %v, %v", name, got, err)
		}
	}
	for path, want := range map[string]Renderer{"r.html": HTML{}, "R.HTM": HTML{}, "r.md": Markdown{}, "r.json": JSON{}, "r.txt": Table{}, "r.pdf": nil} {
		if got := ForPath(path); got != want {
			t.Errorf("ForPath(%q) = %v", path, got)
		}
	}
	if HTML.Ext(HTML{}) != "html" {
		t.Error("ext")
	}
}

// TestEveryFormatDrawsTheSameDocument spot-checks that the human formats
// agree, since they share one document.
func TestEveryFormatDrawsTheSameDocument(t *testing.T) {
	r := fixtures(t)[0].report
	d := newDocument(r)
	outs := map[string]string{}
	for _, g := range goldenFormats {
		var buf bytes.Buffer
		if err := g.r.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		outs[g.suffix] = buf.String()
	}
	for _, q := range d.Questions {
		for _, suffix := range []string{"html", "md", "txt"} {
			title := q.Title
			if suffix == "md" {
				title = md(title)
			}
			if !strings.Contains(outs[suffix], title) {
				t.Errorf("%s lacks question %q", suffix, q.Title)
			}
		}
	}
	for _, c := range d.Checklist {
		for _, suffix := range []string{"html", "md", "txt"} {
			if !strings.Contains(outs[suffix], c.Title) {
				t.Errorf("%s lacks checklist item %q", suffix, c.Title)
			}
			// The grade is in words, never a tick that reads like a score.
			if c.Status == "" || !strings.Contains(outs[suffix], c.Status) {
				t.Errorf("%s lacks the status %q of %q", suffix, c.Status, c.Title)
			}
			for _, line := range strings.Split(outs[suffix], "\n") {
				if strings.Contains(line, c.Title) && (strings.Contains(line, "✓") || strings.Contains(line, "&#10003;")) {
					t.Errorf("%s marks checklist item %q with a tick: %s", suffix, c.Title, line)
				}
			}
		}
	}
	for _, l := range d.Summary.Headline {
		for _, suffix := range []string{"html", "md", "txt"} {
			if !strings.Contains(outs[suffix], l.Import) {
				t.Errorf("%s lacks library %q", suffix, l.Import)
			}
		}
	}
}

func TestSkippedManifestLines(t *testing.T) {
	r := &analyzer.RepoFacts{Name: "app", Dependencies: &deps.Report{}}
	if got := skippedManifestLines(r); got != nil {
		t.Errorf("lines %q with nothing skipped", got)
	}
	for i := 0; i < maxSkippedManifestLines+2; i++ {
		r.Dependencies.SkippedManifests = append(r.Dependencies.SkippedManifests,
			manifest.Skipped{Path: fmt.Sprintf("r%d/requirements.txt", i), Reason: "12.0 MB, over the 1 MiB limit for manifests"})
	}
	got := skippedManifestLines(r)
	want0 := "app: manifest r0/requirements.txt not read: 12.0 MB, over the 1 MiB limit for manifests; what it declares is unknown."
	wantLast := "app: 2 more manifests not read (listed in the JSON report)."
	if len(got) != maxSkippedManifestLines+1 || got[0] != want0 || got[len(got)-1] != wantLast {
		t.Errorf("lines %q", got)
	}
	if got := skippedManifestLines(&analyzer.RepoFacts{Name: "no-deps"}); got != nil {
		t.Errorf("lines %q without a dependencies section", got)
	}
}
