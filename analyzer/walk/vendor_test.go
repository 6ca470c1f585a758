package walk

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-enry/go-enry/v2"
)

// vendorCases are paths that go-enry's patterns match, near misses that
// they must not, and the paths a Python project is made of.
var vendorCases = []string{
	"vendor/x.py", "Vendor/x.py", "vvendor/x.py", "a/vendors/b.js", "vendored/x.py", "xvendor/y.py",
	"node_modules/a/b.js", "a/node_modules/b", "node_modules", "node_modulesx/a",
	"third_party/lib.py", "3rdparty/x.c", "ThirdParty/x", "third-party/x", "thirdparty.py",
	"Dependencies/x", "dependencies/x", "a/dependencies/x", "deps/x", "a/deps/x", "debian/rules", "a/debian/rules",
	"rebar", "a/rebar", "rebar.config",
	"cache/x", "a/cache/b.py", "cached/x", "mycache/x", "dist/x.whl", "distribution/x",
	"configure", "a/configure", "configure.ac", "config.guess", "config.sub", "aclocal.m4",
	"cpplint.py", "tools/cpplint.py", "cpplint.pyx/a", "fabfile.py", "a/fabfile.py", "fabfile.pyc", "myfabfile.py",
	"env/lib/a.py", "venv/lib/a.py", ".venv/lib/python3.12/site-packages/a.py", "environment/x.py", "env",
	"testdata/x.json", "a/testdata/x", "test_data/x",
	"tests/fixtures/a.py", "test/fixtures/b", "Tests/fixtures/c", "spec/fixtures/d", "tests/fixture/a.py",
	"docs/_build/html/index.html", "doc/build/x", "docs/themes/x", "docs/static/a.css", "docs/conf.py", "docs/source/x.rst",
	"docs/_static/custom.css", "doc/templates/page.html", "docs/_templates/layout.html", "docs/template.py",
	"static/js/jquery.js", "static/js/jquery-3.6.0.min.js", "jquery/app.js", "a/jquery.x/y.js", "jquery.py",
	"angular/app.js", "angular.py", "react.js", "react-dom.js", "reactive.js", "d3.js", "d3.v5.min.js", "a/d3/b.js",
	"bootstrap.css", "bootstrap.min.js", "bootstrap.x/foo.js", "bootstrap.py", "custom.bootstrap.css",
	"prototype.js", "prototype/x.js", "prototypes.py", "a.min.js", "a-min.css", "a.min.py", "admin.js",
	"x.d.ts", "x.ts", "import.css", "aimport.scss", "import.py",
	".github/workflows/ci.yml", "a/.github/x", "github/x", ".gitignore", "a/.gitignore", ".gitignore.bak",
	".gitattributes", ".gitmodules", ".vscode/settings.json", ".DS_Store", "a/.ds_store", ".DS_Storex",
	"Vagrantfile", "Jenkinsfile", "Jenkinsfile.groovy", "gradlew", "gradlew.bat", "mvnw", "gradle/wrapper/x",
	"Packages/Foo.1/x", "packages/foo.12/x", "packages/foo/x", "Carthage/x", "x.xctemplate/y", "x.imageset/y",
	"codemirror/lib/x.js", "CodeMirror/5.1/mode/x", "codemirror/library.txt", "tiny_mce/plugins/x", "tiny_mce.js",
	"extjs/a.js", "extjs/a.py", "MathJax/x", "select2/a.css", "select2/a.py", "font-awesome/a.scss", "fontawesome.css",
	"slick.min.js", "slick.x/js", "knockout-3.4.2.js", "mootools-core-1.4.5.js", "Chart.js", "chart.js",
	"run.n", "waf", "a/waf", "wafer.py", ".osx", "_esy", "a/_esy/b", "erlang.mk",
	"pkg/__pycache__/a.cpython-312.pyc", "mypkg.egg-info/PKG-INFO", "build/lib/pkg/a.py", "build/lib.linux/x.py",
	"lib/site-packages/requests/api.py", ".tox/py312/x", ".nox/x", ".eggs/x", "virtualenv/x", ".ipynb_checkpoints/a.ipynb",
	"build/libs/x.py", "build/x.py", "tox.ini", "noxfile.py", "eggs/x", "egg-info/x", "pycache/x",
	"examples/demo.py", "src/app/views.py", "tests/test_app.py", "inventory.py", "setup.py", "README.md",
	"", "/", "a//b", "ünïcode/vendor/x", "a b/vendor/c", "a\nvendor/b", "vendor\n/x", "x.js\n", "\xff/vendor/x",
}

// checkVendorVerdicts fails for each path that a prefilter rules out
// though its regexp matches it, or whose verdict is not the regexps'.
func checkVendorVerdicts(t *testing.T, paths []string) {
	t.Helper()
	f := vendorFilters()
	for _, p := range paths {
		byEnry, byExtra := enry.IsVendor(p), extraVendor.MatchString(p)
		if byEnry && !f.enry.mayMatch(p) {
			t.Errorf("go-enry calls %q vendored; the prefilter rules it out", p)
		}
		if byExtra && !f.extra.mayMatch(p) {
			t.Errorf("extraVendor matches %q; the prefilter rules it out", p)
		}
		if got := IsVendored(p); got != (byEnry || byExtra) {
			t.Errorf("IsVendored(%q) = %v, the regexps say %v", p, got, byEnry || byExtra)
		}
	}
}

func TestVendorPrefilterKeepsVerdicts(t *testing.T) {
	checkVendorVerdicts(t, vendorCases)
	// Each case again under a directory and with a directory under it.
	var more []string
	for _, p := range vendorCases {
		more = append(more, "a/"+p, p+"/b.py", "x/"+p+"/y.js")
	}
	checkVendorVerdicts(t, more)
}

// TestVendorPrefilterRulesOutOrdinaryPaths checks that the prefilter is
// in force: a project's own paths do not reach the regexps.
func TestVendorPrefilterRulesOutOrdinaryPaths(t *testing.T) {
	f := vendorFilters()
	if f.enry.needles == nil || f.extra.needles == nil {
		t.Fatalf("no prefilter: %d needles for go-enry, %d for extraVendor", len(f.enry.needles), len(f.extra.needles))
	}
	for _, p := range []string{"src/app/views.py", "tests/test_app.py", "setup.py", "pkg/__init__.py", "docs/conf.py", "README.md"} {
		if f.enry.mayMatch(p) || f.extra.mayMatch(p) {
			t.Errorf("%q reaches the regexps", p)
		}
	}
}

// TestVendorPrefilterOnMirrors compares the verdicts on every path of the
// repositories mirrored on this machine (PYSCOUT_MIRRORS, a glob of bare
// repositories; /work/.mirror/*/repo by default), when there are any.
func TestVendorPrefilterOnMirrors(t *testing.T) {
	glob := os.Getenv("PYSCOUT_MIRRORS")
	if glob == "" {
		glob = "/work/.mirror/*/repo"
	}
	repos, _ := filepath.Glob(glob)
	if len(repos) == 0 {
		t.Skipf("no repositories match %s", glob)
	}
	n := 0
	for _, repo := range repos {
		out, err := exec.Command("git", "-C", repo, "ls-tree", "-r", "--name-only", "-z", "HEAD").Output()
		if err != nil {
			continue
		}
		paths := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
		n += len(paths)
		checkVendorVerdicts(t, paths)
	}
	t.Logf("%d paths of %d repositories", n, len(repos))
}

// FuzzVendorPrefilter looks for a path on which the prefilter changes a
// verdict.
func FuzzVendorPrefilter(f *testing.F) {
	for _, p := range vendorCases {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) { checkVendorVerdicts(t, []string{p}) })
}

// TestPrefilterAnalysis checks the derived conditions of small regexps,
// and that an expression matching the empty string gets none.
func TestPrefilterAnalysis(t *testing.T) {
	cases := []struct {
		expr string
		want []string
	}{
		{`abc`, []string{"abc"}},
		{`(^|/)cache/`, []string{"cache/"}},
		{`[Dd]eps/`, []string{"Deps/", "deps/"}},
		{`(\.|-)min\.(js|css)$`, []string{".min.js", "-min.js", ".min.css", "-min.css"}},
		{`(^|/)jquery([^.]*)\.js$`, []string{"jquery"}},
		// A condition need not be the strongest: "abc" holds too.
		{`a+bc`, []string{"bc"}},
		{`x*`, nil},
		{`a|b*`, nil},
		{`(?i)ab`, []string{"ab", "aB", "Ab", "AB"}},
		{`(?i)abcdefg`, nil}, // 128 variants: past maxExact
		{`.*`, nil},
		{`^$`, nil},
	}
	for _, c := range cases {
		got := newPrefilter(c.expr).needles
		if !sameSet(got, c.want) {
			t.Errorf("%s: needles %q, want %q", c.expr, got, c.want)
		}
		// Whatever the condition, it never rules out a match.
		re := regexp.MustCompile(c.expr)
		for _, p := range vendorCases {
			if re.MatchString(p) && !newPrefilter(c.expr).mayMatch(p) {
				t.Errorf("%s: %q matches but is ruled out", c.expr, p)
			}
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			return false
		}
	}
	return true
}

// BenchmarkIsVendored compares the verdicts on the paths of the mirrored
// repositories (PYSCOUT_MIRRORS, as above; the test's cases when there
// are none) with and without the prefilter.
func BenchmarkIsVendored(b *testing.B) {
	glob := os.Getenv("PYSCOUT_MIRRORS")
	if glob == "" {
		glob = "/work/.mirror/*/repo"
	}
	repos, _ := filepath.Glob(glob)
	paths := vendorCases
	for _, repo := range repos {
		if out, err := exec.Command("git", "-C", repo, "ls-tree", "-r", "--name-only", "-z", "HEAD").Output(); err == nil {
			paths = append(paths, strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")...)
		}
	}
	b.Run("regexps", func(b *testing.B) {
		for b.Loop() {
			for _, p := range paths {
				_ = enry.IsVendor(p) || extraVendor.MatchString(p)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/path")
	})
	b.Run("prefiltered", func(b *testing.B) {
		for b.Loop() {
			for _, p := range paths {
				_ = IsVendored(p)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/path")
	})
}

// BenchmarkVendorPrefilterDerivation is the once-per-process cost of
// deriving the prefilters from the patterns.
func BenchmarkVendorPrefilterDerivation(b *testing.B) {
	for b.Loop() {
		enryVendorFilter()
		newPrefilter(extraVendor.String())
	}
}
