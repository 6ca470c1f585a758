package analyzer

import (
	"reflect"
	"slices"
	"testing"

	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/analyzer/manifest"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/walk"
)

// configRepo is a repository whose pyproject.toml, setup.cfg and tox.ini
// both the manifests and the practices read.
var configRepo = map[string]string{
	"pyproject.toml": "[project]\nname = 'demo'\ndependencies = ['requests>=2']\n[tool.ruff]\nline-length = 100\n[tool.pytest.ini_options]\naddopts = '--cov'\n",
	"setup.cfg":      "[options]\ninstall_requires =\n    click\n[flake8]\nmax-line-length = 100\n",
	"tox.ini":        "[tox]\nenvlist = py{311,312}\n[testenv]\ndeps = pytest\ncommands = pytest\n",
	// -r of a file that is content but not a manifest: the manifests must
	// not see it.
	"requirements.txt":                    "-r README.md\nnumpy\n",
	"README.md":                           "# demo\n",
	".github/workflows/ci.yml":            "on: push\njobs:\n  test:\n    steps:\n      - run: tox\n",
	".pre-commit-config.yaml":             "repos:\n  - repo: https://github.com/psf/black\n    hooks:\n      - id: black\n",
	"environment.yml":                     "dependencies:\n  - numpy\n",
	".venv/lib/site-packages/x/setup.cfg": "[options]\ninstall_requires = vendored\n",
}

func configContents() (map[string][]byte, []string) {
	contents := map[string][]byte{}
	var paths []string
	for p, s := range configRepo {
		contents[p] = []byte(s)
		paths = append(paths, p)
	}
	return contents, paths
}

func TestReadConfigsDecodesEachFileOnce(t *testing.T) {
	contents, paths := configContents()
	set := configfile.NewSet(contents)
	prac, declared := readConfigs(set, practices.Repo{Files: paths}, nil)

	// Both readers used the shared files...
	if declared == nil || len(declared.Dependencies) == 0 || prac.CI.Tox == nil || len(prac.CI.Tox.Envs) != 2 {
		t.Fatalf("manifests %+v, tox %+v", declared, prac.CI.Tox)
	}
	kinds := map[string]bool{}
	for _, d := range declared.Dependencies {
		kinds[d.Evidence.Path+" "+d.Name] = true
	}
	for _, want := range []string{"pyproject.toml requests", "setup.cfg click", "tox.ini pytest", "environment.yml numpy"} {
		if !kinds[want] {
			t.Errorf("manifests lack %s: %v", want, kinds)
		}
	}
	tools := map[string]bool{}
	for _, tool := range prac.Tools {
		tools[tool.Name] = true
	}
	for _, want := range []string{"ruff", "flake8", "black", "coverage"} {
		if !tools[want] {
			t.Errorf("practices lack %s: %v", want, tools)
		}
	}
	// ...and each was decoded once.
	for _, p := range []string{"pyproject.toml", "setup.cfg", "tox.ini", ".github/workflows/ci.yml", ".pre-commit-config.yaml", "environment.yml"} {
		if n := set.Decodes(p); n != 1 {
			t.Errorf("%s decoded %d times, want 1", p, n)
		}
	}
	// Near misses: plain text is never decoded as configuration, and the
	// vendored setup.cfg is no manifest.
	for _, p := range []string{"requirements.txt", "README.md", ".venv/lib/site-packages/x/setup.cfg"} {
		if n := set.Decodes(p); n != 0 {
			t.Errorf("%s decoded %d times, want 0", p, n)
		}
	}
}

// TestReadConfigsReadsAsBefore checks that sharing the decoded files
// changes nothing: the practices and the manifests find what each found
// when it decoded the files itself from its own map.
func TestReadConfigsReadsAsBefore(t *testing.T) {
	contents, paths := configContents()
	skipped := []manifest.Skipped{{Path: "requirements-dev.txt", Reason: "too large"}}
	prac, declared := readConfigs(configfile.NewSet(contents), practices.Repo{Files: paths}, skipped)

	wantPrac := practices.Analyze(practices.Repo{Files: paths, Contents: contents})
	manifests := map[string][]byte{}
	for p, data := range contents {
		if manifest.IsManifest(p) && !walk.IsVendored(p) {
			manifests[p] = data
		}
	}
	wantDeclared := manifest.ParseRepo(manifests, skipped...)
	if !reflect.DeepEqual(prac, wantPrac) {
		t.Errorf("practices\ngot  %+v\nwant %+v", prac, wantPrac)
	}
	if !reflect.DeepEqual(declared, wantDeclared) {
		t.Errorf("manifests\ngot  %+v\nwant %+v", declared, wantDeclared)
	}
	warned := false
	for _, w := range declared.Warnings {
		warned = warned || w.Path == "requirements.txt"
	}
	if !warned {
		t.Errorf("the include of README.md (content, not a manifest) should not be followed: %+v", declared.Warnings)
	}
}

// TestPackagingReadBeforeTheWalkIsNotDecodedAgain follows analyseSource's
// order: pyproject.toml and setup.cfg are read before the walk for the
// import roots and the declared names, then the manifests and practices
// read every config file after it. The early set's decoded forms are
// shared, so each file is still decoded once.
func TestPackagingReadBeforeTheWalkIsNotDecodedAgain(t *testing.T) {
	contents, paths := configContents()
	packaging := map[string][]byte{}
	for _, p := range []string{"pyproject.toml", "setup.cfg"} {
		packaging[p] = contents[p]
	}
	early := configfile.NewSet(packaging)
	// The import roots decode through the set (not on their own)...
	python.NewImportResolver(python.RepoLayout{Files: paths, Packaging: packaging, Configs: early})
	for p := range packaging {
		if n := early.Decodes(p); n != 1 {
			t.Errorf("import roots: %s decoded %d times in the set, want 1", p, n)
		}
	}
	// ...and the declared names and the later readers reuse it.
	declared := declaredNames(early)
	if !slices.Contains(declared, "requests") || !slices.Contains(declared, "click") {
		t.Errorf("declared before the walk: %v", declared)
	}
	late := early.With(contents)
	readConfigs(late, practices.Repo{Files: paths}, nil)
	for _, p := range []string{"pyproject.toml", "setup.cfg", "tox.ini"} {
		if n := late.Decodes(p); n != 1 {
			t.Errorf("%s decoded %d times, want 1", p, n)
		}
	}
	// The near miss: a set made afresh after the walk decodes them again.
	fresh := configfile.NewSet(contents)
	readConfigs(fresh, practices.Repo{Files: paths}, nil)
	if n := fresh.Decodes("pyproject.toml") + early.Decodes("pyproject.toml"); n != 2 {
		t.Errorf("two sets decoded pyproject.toml %d times in all, want 2", n)
	}
}
