package manifest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseRepo(t *testing.T) {
	files := map[string]string{
		"requirements.txt":         "-r requirements/base.txt\nflask>=3\n",
		"requirements/base.txt":    "requests\n-r ../common.txt\n",
		"requirements/dev.txt":     "-r base.txt\n-c ../constraints/pins.txt\npytest\n-r missing.txt\n-r https://example.org/r.txt\n-r ../../outside.txt\n-r /etc/abs.txt\n",
		"constraints/pins.txt":     "requests==2.31.0\n",
		"common.txt":               "-r requirements.txt\nattrs\n",
		"tox.ini":                  "[testenv]\ndeps = -r{toxinidir}/tests/reqs-test.txt\n",
		"tests/reqs-test.txt":      "hypothesis\n",
		"setup.cfg":                "[options]\ninstall_requires = file: requirements.txt\n",
		"docs/conf.py":             "project = 'x'\n",
		"sub/pkg/requirements.txt": "-r ./extra/more.txt\n",
		"sub/pkg/extra/more.txt":   "numpy\n",
		"requirements-deep.txt":    "-r deep/d0.txt\n",
		"constraints-upper.txt":    "django<5\n",
	}
	for i := 0; i < MaxIncludeDepth+2; i++ {
		files[fmt.Sprintf("deep/d%d.txt", i)] = fmt.Sprintf("-r d%d.txt\npkg%d\n", i+1, i)
	}
	in := map[string][]byte{}
	for k, v := range files {
		in[k] = []byte(v)
	}
	r := ParseRepo(in)

	var got []string
	for _, d := range r.Dependencies {
		got = append(got, d.Evidence.Path+":"+dep(d))
	}
	want := []string{
		"common.txt:2 attrs runtime/base",
		"deep/d0.txt:2 pkg0 runtime/deep",
		"deep/d1.txt:2 pkg1 runtime/deep",
		"deep/d2.txt:2 pkg2 runtime/deep",
		"deep/d3.txt:2 pkg3 runtime/deep",
		"deep/d4.txt:2 pkg4 runtime/deep",
		"deep/d5.txt:2 pkg5 runtime/deep",
		"deep/d6.txt:2 pkg6 runtime/deep",
		"deep/d7.txt:2 pkg7 runtime/deep",
		"requirements.txt:2 flask runtime v=>=3",
		"requirements/base.txt:1 requests runtime/base",
		"requirements/dev.txt:3 pytest dev/dev",
		"sub/pkg/extra/more.txt:1 numpy runtime",
		"tests/reqs-test.txt:1 hypothesis test",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("dependencies:\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}

	var gw []string
	for _, w := range r.Warnings {
		gw = append(gw, w.String())
	}
	wantW := []string{
		"deep/d7.txt:1: include \"d8.txt\": more than 8 includes deep: not followed",
		"requirements/dev.txt:4: include \"missing.txt\": requirements/missing.txt is not in the repository (or was not read)",
		"requirements/dev.txt:5: include \"https://example.org/r.txt\" is a URL: not followed",
		"requirements/dev.txt:6: include \"../../outside.txt\" leaves the repository: not followed",
		"requirements/dev.txt:7: include \"/etc/abs.txt\" is an absolute path: not followed",
	}
	if strings.Join(gw, "\n") != strings.Join(wantW, "\n") {
		t.Errorf("warnings:\n got:\n  %s\nwant:\n  %s", strings.Join(gw, "\n  "), strings.Join(wantW, "\n  "))
	}

	byPath := map[string]*File{}
	for _, f := range r.Files {
		byPath[f.Path] = f
	}
	for p, want := range map[string]bool{"constraints/pins.txt": true, "constraints-upper.txt": true, "requirements.txt": false} {
		if f := byPath[p]; f == nil || f.Constraints != want {
			t.Errorf("%s: Constraints = %v, want %v", p, f != nil && f.Constraints, want)
		}
	}
	if _, ok := byPath["docs/conf.py"]; ok {
		t.Error("a non-manifest was read")
	}
	resolved := map[string]string{}
	for _, f := range r.Files {
		for _, inc := range f.Includes {
			resolved[f.Path+" "+inc.Target] = inc.Resolved
		}
	}
	for k, want := range map[string]string{
		"setup.cfg requirements.txt":                   "requirements.txt",
		"common.txt requirements.txt":                  "requirements.txt",
		"tox.ini tests/reqs-test.txt":                  "tests/reqs-test.txt",
		"sub/pkg/requirements.txt ./extra/more.txt":    "sub/pkg/extra/more.txt",
		"requirements/dev.txt ../constraints/pins.txt": "constraints/pins.txt",
		"requirements/dev.txt missing.txt":             "",
	} {
		if got := resolved[k]; got != want {
			t.Errorf("include %s resolved to %q, want %q", k, got, want)
		}
	}
}

func TestParseRepoEmpty(t *testing.T) {
	r := ParseRepo(nil)
	if len(r.Files) != 0 || len(r.Dependencies) != 0 || r.Dependencies == nil {
		t.Errorf("%+v", r)
	}
}

func TestParseRepoSkipped(t *testing.T) {
	lfs := "Git LFS pointer (content not in the repository)"
	r := ParseRepo(map[string][]byte{
		"requirements-dev.txt": []byte("-r requirements.txt\n-r ./requirements/base.txt\npytest\n"),
	},
		Skipped{Path: "requirements/base.txt", Reason: lfs},
		Skipped{Path: "./requirements.txt", Reason: "12.0 MB, over the 1 MiB limit for manifests"},
		// Not a manifest name: not listed (the caller asked nothing of it).
		Skipped{Path: "data/model.bin", Reason: lfs},
	)
	want := []Skipped{
		{Path: "requirements.txt", Reason: "12.0 MB, over the 1 MiB limit for manifests"},
		{Path: "requirements/base.txt", Reason: lfs},
	}
	if !reflect.DeepEqual(r.Skipped, want) {
		t.Errorf("skipped %+v\nwant %+v", r.Skipped, want)
	}
	var gw []string
	for _, w := range r.Warnings {
		gw = append(gw, w.String())
	}
	wantW := []string{
		`requirements-dev.txt:1: include "requirements.txt": requirements.txt was not read: 12.0 MB, over the 1 MiB limit for manifests`,
		`requirements-dev.txt:2: include "./requirements/base.txt": requirements/base.txt was not read: ` + lfs,
	}
	if !reflect.DeepEqual(gw, wantW) {
		t.Errorf("warnings:\n  %s\nwant\n  %s", strings.Join(gw, "\n  "), strings.Join(wantW, "\n  "))
	}
	if len(r.Dependencies) != 1 || r.Dependencies[0].Name != "pytest" {
		t.Errorf("dependencies %+v, want only pytest", r.Dependencies)
	}

	var many []Skipped
	for i := 0; i < MaxSkipped+10; i++ {
		many = append(many, Skipped{Path: fmt.Sprintf("r%03d/requirements.txt", i), Reason: lfs})
	}
	if got := ParseRepo(nil, many...).Skipped; len(got) != MaxSkipped || got[0].Path != "r000/requirements.txt" {
		t.Errorf("%d skipped listed, first %+v; want %d from r000", len(got), got[0], MaxSkipped)
	}
	if got := ParseRepo(nil).Skipped; got != nil {
		t.Errorf("skipped %+v with none given", got)
	}
}
