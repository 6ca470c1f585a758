package deps

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/manifest"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/rules/libraries"
)

// analyzeFixture analyses one repository of testdata/portfolio as the
// pipeline would: Python files and notebooks through the analyser,
// manifests through manifest.ParseRepo, then Join.
func analyzeFixture(t *testing.T, repo string) *Report {
	t.Helper()
	root := filepath.Join("testdata", "portfolio", repo)
	a, err := python.NewAnalyzer(python.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var paths []string
	manifests := map[string][]byte{}
	var facts []*python.FileFacts
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		paths = append(paths, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case manifest.IsManifest(rel):
			manifests[rel] = data
		case strings.HasSuffix(rel, ".py"):
			ff, err := a.AnalyzeFile(rel, data)
			if err != nil {
				return err
			}
			facts = append(facts, ff)
		case strings.HasSuffix(rel, ".ipynb"):
			ff, err := a.AnalyzeNotebook(rel, data)
			if err != nil {
				return err
			}
			facts = append(facts, ff)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rf := python.AggregateRepo(facts, python.RepoLayout{Files: paths})
	var m *manifest.Repo
	if len(manifests) > 0 {
		m = manifest.ParseRepo(manifests)
	}
	libs := [][]python.ImportedLibrary{rf.Libraries}
	if rf.Notebooks != nil {
		libs = append(libs, rf.Notebooks.Libraries)
	}
	return Join(libraries.Default(), m, libs...)
}

// libLine renders a library as "import package category declared@path:line files".
func libLine(l RepoLibrary) string {
	decl := "undeclared"
	if l.Declared {
		var at []string
		for _, d := range l.DeclaredIn {
			at = append(at, fmt.Sprintf("%s:%d", d.Evidence.Path, d.Evidence.Line))
		}
		decl = "declared@" + strings.Join(at, ",")
	}
	return fmt.Sprintf("%s %s %s %s files=%d", l.Import, l.Package, l.Category, decl, l.Files)
}

func TestPortfolio(t *testing.T) {
	tests := []struct {
		repo       string
		libs       []string
		unused     []string // package@path:line
		undeclared []string // import package
		manifests  []string
	}{
		{
			repo: "shop-api",
			libs: []string{
				"fastapi fastapi web_frameworks declared@pyproject.toml:9 files=2",
				"google.cloud.storage google-cloud-storage cloud_devops declared@pyproject.toml:16 files=1",
				"httpx httpx http_apis declared@pyproject.toml:21 files=1",
				"jose python-jose security declared@pyproject.toml:12 files=1",
				"pydantic_settings pydantic-settings utilities declared@pyproject.toml:11 files=1",
				"pytest pytest testing declared@pyproject.toml:21 files=1",
				"redis redis databases undeclared files=1",
				"sqlalchemy SQLAlchemy databases declared@pyproject.toml:10 files=1",
				"yaml PyYAML utilities declared@pyproject.toml:15 files=1",
			},
			unused:     []string{"requests@pyproject.toml:17"},
			undeclared: []string{"redis redis"},
			manifests:  []string{"pyproject.toml pyproject 16"},
		},
		{
			repo: "ml-lab",
			libs: []string{
				"pandas pandas data_numerics declared@requirements.txt:3 files=2",
				"bs4 beautifulsoup4 scraping undeclared files=1",
				"cv2 opencv-python-headless machine_learning declared@requirements.txt:5 files=1",
				"matplotlib matplotlib visualisation declared@requirements.txt:6 files=1",
				"numpy numpy data_numerics declared@requirements.txt:2 files=1",
				"sklearn scikit-learn machine_learning declared@requirements.txt:4 files=1",
				"tqdm tqdm cli declared@requirements.txt:8 files=1",
			},
			unused:     []string{"seaborn@requirements.txt:7"},
			undeclared: []string{"bs4 beautifulsoup4"},
			manifests:  []string{"requirements-dev.txt requirements 2", "requirements.txt requirements 8"},
		},
		{
			repo: "scripts",
			libs: []string{
				"dateutil python-dateutil utilities undeclared files=1",
				"requests requests http_apis undeclared files=1",
			},
		},
	}
	var reports []RepoReport
	for _, tt := range tests {
		t.Run(tt.repo, func(t *testing.T) {
			r := analyzeFixture(t, tt.repo)
			reports = append(reports, RepoReport{Repo: tt.repo, Report: r})
			var got []string
			for _, l := range r.Libraries {
				got = append(got, libLine(l))
			}
			if strings.Join(got, "\n") != strings.Join(tt.libs, "\n") {
				t.Errorf("libraries:\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.libs, "\n  "))
			}
			got = nil
			for _, u := range r.DeclaredUnused {
				d := u.DeclaredIn[0]
				got = append(got, fmt.Sprintf("%s@%s:%d", u.Package, d.Evidence.Path, d.Evidence.Line))
			}
			if strings.Join(got, " ") != strings.Join(tt.unused, " ") {
				t.Errorf("declared_unused: %v, want %v", got, tt.unused)
			}
			got = nil
			for _, u := range r.ImportedUndeclared {
				got = append(got, u.Import+" "+u.Package)
			}
			if strings.Join(got, " ") != strings.Join(tt.undeclared, " ") {
				t.Errorf("imported_undeclared: %v, want %v", got, tt.undeclared)
			}
			got = nil
			for _, m := range r.Manifests {
				got = append(got, fmt.Sprintf("%s %s %d", m.Path, m.Format, m.Dependencies))
			}
			if strings.Join(got, " ") != strings.Join(tt.manifests, " ") {
				t.Errorf("manifests: %v, want %v", got, tt.manifests)
			}
			if len(r.Warnings) != 0 {
				t.Errorf("warnings: %v", r.Warnings)
			}
		})
	}

	// The notebook's import is evidence with its cell.
	for _, rr := range reports {
		for _, l := range rr.Report.Libraries {
			if l.Import == "bs4" {
				if ev := l.Evidence[0]; ev.Path != "explore.ipynb" || ev.Cell != 2 || ev.Line != 3 {
					t.Errorf("bs4 evidence %+v", ev)
				}
			}
		}
	}

	cands := Candidate(reports)
	var got []string
	for _, c := range cands {
		got = append(got, fmt.Sprintf("%s %s declared=%v repos=%s undeclared_in=%s", c.Import, c.Package, c.Declared,
			strings.Join(c.Repos, ","), strings.Join(c.UndeclaredIn, ",")))
	}
	want := []string{
		"fastapi fastapi declared=true repos=shop-api undeclared_in=",
		"pandas pandas declared=true repos=ml-lab undeclared_in=",
		"bs4 beautifulsoup4 declared=false repos=ml-lab undeclared_in=ml-lab",
		"cv2 opencv-python-headless declared=true repos=ml-lab undeclared_in=",
		"dateutil python-dateutil declared=false repos=scripts undeclared_in=",
		"google.cloud.storage google-cloud-storage declared=true repos=shop-api undeclared_in=",
		"httpx httpx declared=true repos=shop-api undeclared_in=",
		"jose python-jose declared=true repos=shop-api undeclared_in=",
		"matplotlib matplotlib declared=true repos=ml-lab undeclared_in=",
		"numpy numpy declared=true repos=ml-lab undeclared_in=",
		"pydantic_settings pydantic-settings declared=true repos=shop-api undeclared_in=",
		"pytest pytest declared=true repos=shop-api undeclared_in=",
		"redis redis declared=false repos=shop-api undeclared_in=shop-api",
		"requests requests declared=false repos=scripts undeclared_in=",
		"sklearn scikit-learn declared=true repos=ml-lab undeclared_in=",
		"sqlalchemy SQLAlchemy declared=true repos=shop-api undeclared_in=",
		"tqdm tqdm declared=true repos=ml-lab undeclared_in=",
		"yaml PyYAML declared=true repos=shop-api undeclared_in=",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("candidate:\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestJoinRules(t *testing.T) {
	m := manifest.ParseRepo(map[string][]byte{
		"requirements.txt": []byte(strings.Join([]string{
			"dataclasses", "types-requests", "mypy-extensions", "django-cors-headers", "flake8-bugbear",
			"pytest-django", "gunicorn", "opencv-python", "protobuf", "google-cloud-bigquery",
			"-e ./libs/own", "unknown-thing", "Django", "setuptools",
		}, "\n")),
		"pyproject.toml":  []byte("[build-system]\nrequires = [\"poetry-core\", \"cython\"]\n"),
		"environment.yml": []byte("dependencies:\n  - ffmpeg-python\n  - libsomething\n"),
		"requirements/frozen.txt": []byte(strings.Repeat("", 0) + strings.Join([]string{
			"a1==1", "a2==1", "a3==1", "a4==1", "a5==1", "a6==1", "a7==1", "a8==1", "a9==1", "a10==1",
		}, "\n")),
	})
	libs := []python.ImportedLibrary{
		{Import: "cv2", Files: 1, Evidence: []python.Evidence{{Path: "x.py", Line: 1}}},
		{Import: "django", Files: 1},
		{Import: "google", Files: 2, Modules: []python.ModuleImport{
			{Module: "google.protobuf.json_format", Files: 1, Evidence: python.Evidence{Path: "p.py", Line: 2}},
			{Module: "google.cloud.bigquery", Files: 2, Evidence: python.Evidence{Path: "b.py", Line: 3}},
			{Module: "google.unknownthing", Files: 1, Evidence: python.Evidence{Path: "u.py", Line: 4}},
		}},
		{Import: "pkg_resources", Files: 1},
	}
	r := Join(nil, m, libs)
	var got []string
	for _, l := range r.Libraries {
		got = append(got, fmt.Sprintf("%s=%s/%v", l.Import, l.Package, l.Declared))
	}
	sort.Strings(got)
	want := []string{
		"cv2=opencv-python/true", "django=Django/true", "google.cloud.bigquery=google-cloud-bigquery/true",
		"google.protobuf=protobuf/true", "google=google/false", "pkg_resources=setuptools/true",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("libraries: %v\nwant %v", got, want)
	}
	got = nil
	for _, u := range r.DeclaredUnused {
		got = append(got, u.Package)
	}
	// Only unknown-thing and ffmpeg-python (a conda entry the taxonomy
	// knows) are worth a question; every other declaration is excused.
	if strings.Join(got, " ") != "ffmpeg-python unknown-thing" {
		t.Errorf("declared_unused: %v", got)
	}
	got = nil
	for _, u := range r.ImportedUndeclared {
		got = append(got, u.Import)
	}
	if strings.Join(got, " ") != "google" {
		t.Errorf("imported_undeclared: %v", got)
	}

	// Without manifests nothing is declared and nothing is "undeclared".
	r = Join(nil, nil, libs)
	if len(r.ImportedUndeclared) != 0 || len(r.DeclaredUnused) != 0 || len(r.Manifests) != 0 {
		t.Errorf("no manifests: %+v", r)
	}
	for _, l := range r.Libraries {
		if l.Declared {
			t.Errorf("%s declared without manifests", l.Import)
		}
	}
}

func TestJoinSkippedManifests(t *testing.T) {
	libs := []python.ImportedLibrary{{Import: "requests", Files: 1}, {Import: "numpy", Files: 2}}
	skipped := manifest.Skipped{Path: "requirements.txt", Reason: "Git LFS pointer (content not in the repository)"}
	m := manifest.ParseRepo(map[string][]byte{"pyproject.toml": []byte("[project]\nname = 'x'\ndependencies = ['requests']\n")}, skipped)
	r := Join(nil, m, libs)
	if len(r.SkippedManifests) != 1 || r.SkippedManifests[0] != skipped {
		t.Errorf("skipped manifests %+v, want %+v", r.SkippedManifests, skipped)
	}
	// numpy may be declared in the unread requirements.txt: not called
	// undeclared. requests is still declared.
	if len(r.ImportedUndeclared) != 0 {
		t.Errorf("imported undeclared %+v with a manifest unread", r.ImportedUndeclared)
	}
	for _, l := range r.Libraries {
		if l.Declared != (l.Import == "requests") {
			t.Errorf("%s declared = %v", l.Import, l.Declared)
		}
	}
	// Near-miss: with every manifest read, numpy is undeclared.
	m = manifest.ParseRepo(map[string][]byte{"pyproject.toml": []byte("[project]\nname = 'x'\ndependencies = ['requests']\n")})
	if r := Join(nil, m, libs); len(r.ImportedUndeclared) != 1 || r.ImportedUndeclared[0].Import != "numpy" || r.SkippedManifests != nil {
		t.Errorf("imported undeclared %+v, skipped %+v", r.ImportedUndeclared, r.SkippedManifests)
	}
}

// TestPrivateTopLevelDeclared: a library's private top level merges into
// it when the library is declared, and stays apart when it is not; a
// code list and a notebook list of the same distribution are one library.
func TestPrivateTopLevelDeclared(t *testing.T) {
	ev := []python.Evidence{{Path: "a.py", Line: 1}}
	reqs := manifest.ParseRepo(map[string][]byte{"requirements.txt": []byte("requests\n")})
	r := Join(nil, reqs, []python.ImportedLibrary{{Import: "_requests", Files: 1, Imports: 1, Evidence: ev}})
	if len(r.Libraries) != 1 || r.Libraries[0].Package != "requests" || !r.Libraries[0].Declared || len(r.DeclaredUnused) != 0 {
		t.Errorf("declared requests: %+v, unused %+v; want _requests as the declared requests", r.Libraries, r.DeclaredUnused)
	}
	// Near-miss: nothing declares requests.
	r = Join(nil, nil, []python.ImportedLibrary{{Import: "_requests", Files: 1, Imports: 1, Evidence: ev}})
	if len(r.Libraries) != 1 || r.Libraries[0].Package != "_requests" {
		t.Errorf("undeclared: %+v; want _requests apart", r.Libraries)
	}
	// Code imports PIL, notebooks Image: one Pillow, files added up.
	r = Join(nil, nil, []python.ImportedLibrary{{Import: "PIL", Files: 2, Imports: 2, Evidence: ev}},
		[]python.ImportedLibrary{{Import: "Image", Files: 1, Imports: 1, Evidence: ev}})
	if len(r.Libraries) != 1 || r.Libraries[0].Import != "PIL" || r.Libraries[0].Files != 3 ||
		len(r.Libraries[0].OtherImports) != 1 || r.Libraries[0].OtherImports[0] != "Image" {
		t.Errorf("PIL and Image: %+v; want one library, 3 files", r.Libraries)
	}
}
