package manifest

import (
	"fmt"
	"strings"
	"testing"
)

// dep renders the fields a test checks, in one comparable line:
// "LINE NAME KIND[/GROUP] [v=VERSION] [x=EXTRAS] [m=MARKER] [u=URL] [flags]".
func dep(d Dependency) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s %s", d.Evidence.Line, d.Name, d.Kind)
	if d.Group != "" {
		b.WriteString("/" + d.Group)
	}
	if d.Version != "" {
		b.WriteString(" v=" + d.Version)
	}
	if len(d.Extras) > 0 {
		b.WriteString(" x=" + strings.Join(d.Extras, ","))
	}
	if d.Marker != "" {
		b.WriteString(" m=" + d.Marker)
	}
	if d.URL != "" {
		b.WriteString(" u=" + d.URL)
	}
	for _, fl := range []struct {
		on bool
		s  string
	}{{d.Editable, "editable"}, {d.Local, "local"}, {d.Transitive, "transitive"}, {d.Conda, "conda"}} {
		if fl.on {
			b.WriteString(" " + fl.s)
		}
	}
	return b.String()
}

func deps(f *File) []string {
	out := []string{}
	for _, d := range f.Dependencies {
		out = append(out, dep(d))
	}
	return out
}

// warns renders warnings as "LINE: message".
func warns(f *File) []string {
	out := []string{}
	for _, w := range f.Warnings {
		out = append(out, fmt.Sprintf("%d: %s", w.Line, w.Message))
	}
	return out
}

// checkFile compares the dependencies exactly and each wanted warning as a
// "LINE: substring" of the warning at that position.
func checkFile(t *testing.T, f *File, wantDeps, wantWarns []string) {
	t.Helper()
	if f == nil {
		t.Fatal("nil file")
	}
	got := deps(f)
	if strings.Join(got, "\n") != strings.Join(wantDeps, "\n") {
		t.Errorf("dependencies:\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(wantDeps, "\n  "))
	}
	gw := warns(f)
	if len(gw) != len(wantWarns) {
		t.Errorf("warnings: got %d, want %d:\n  %s", len(gw), len(wantWarns), strings.Join(gw, "\n  "))
		return
	}
	for i, w := range wantWarns {
		line, sub, _ := strings.Cut(w, ": ")
		if !strings.HasPrefix(gw[i], line+": ") || !strings.Contains(gw[i], sub) {
			t.Errorf("warning %d: got %q, want line %s containing %q", i, gw[i], line, sub)
		}
	}
	for _, d := range f.Dependencies {
		if d.Name != Normalize(d.Name) || !validName(d.Name) {
			t.Errorf("%s: name not normalised", d.Name)
		}
		if d.Evidence.Path != f.Path || d.Format != f.Format {
			t.Errorf("%s: evidence %+v, format %s", d.Name, d.Evidence, d.Format)
		}
	}
}

func TestRequirements(t *testing.T) {
	src := `# Web stack for the shop
Django>=4.2,<5.0  # LTS
djangorestframework==3.14.0
psycopg2-binary>=2.9; sys_platform != "win32"
requests[security, socks]>=2.31
celery[redis] @ git+https://github.com/celery/celery.git@v5.3.0 ; python_version >= "3.8"

-r requirements/base.txt
--requirement=common.txt
-c constraints.txt
--index-url https://pypi.org/simple
--extra-index-url https://download.pytorch.org/whl/cpu
torch==2.1.0+cpu \
    --hash=sha256:0a1b2c \
    --hash=sha256:3d4e5f
-e git+https://github.com/someone/forked-lib.git@main#egg=forked_lib
git+https://gitlab.com/team/internal-tools.git@v2
https://files.example.org/packages/Pillow-10.0.0-cp311-cp311-manylinux_2_28_x86_64.whl
./vendor/wheels/numpy-1.26.0.tar.gz
./libs/shared
-e .
numpy (>=1.24)
Flask_Login==0.6.2
this is not a requirement
pandas>=2.0;python_version>="3.9"
scipy>=1.11 --global-option="--no-openmp"
matplotlib --weird-flag
--no-such-option x
https://example.org/download?id=3#egg=weird-pkg[plots]&subdirectory=py
requests ===2.31.0
pyyaml>=yes please
`
	f := Parse("requirements.txt", []byte(src))
	checkFile(t, f, []string{
		"2 django runtime v=>=4.2,<5.0",
		"3 djangorestframework runtime v===3.14.0",
		`4 psycopg2-binary runtime v=>=2.9 m=sys_platform != "win32"`,
		"5 requests runtime v=>=2.31 x=security,socks",
		`6 celery runtime x=redis m=python_version >= "3.8" u=git+https://github.com/celery/celery.git@v5.3.0`,
		"13 torch runtime v===2.1.0+cpu",
		"16 forked-lib runtime u=git+https://github.com/someone/forked-lib.git@main#egg=forked_lib editable",
		"17 internal-tools runtime u=git+https://gitlab.com/team/internal-tools.git@v2",
		"18 pillow runtime u=https://files.example.org/packages/Pillow-10.0.0-cp311-cp311-manylinux_2_28_x86_64.whl",
		"19 numpy runtime u=./vendor/wheels/numpy-1.26.0.tar.gz",
		"20 shared runtime u=./libs/shared local",
		"22 numpy runtime v=>=1.24",
		"23 flask-login runtime v===0.6.2",
		`25 pandas runtime v=>=2.0 m=python_version>="3.9"`,
		"26 scipy runtime v=>=1.11",
		"27 matplotlib runtime",
		"29 weird-pkg runtime x=plots u=https://example.org/download?id=3#egg=weird-pkg[plots]&subdirectory=py",
		"30 requests runtime v====2.31.0",
	}, []string{
		"17: guessed",
		"24: not a requirement",
		`27: unknown option "--weird-flag"`,
		`28: unknown option "--no-such-option"`,
		"31: not a requirement",
	})
	if len(f.Includes) != 3 {
		t.Fatalf("includes: %+v", f.Includes)
	}
	for i, want := range []Include{
		{Target: "requirements/base.txt", Kind: KindRuntime, Evidence: Evidence{Path: "requirements.txt", Line: 8}},
		{Target: "common.txt", Kind: KindRuntime, Evidence: Evidence{Path: "requirements.txt", Line: 9}},
		{Target: "constraints.txt", Constraint: true, Kind: KindRuntime, Evidence: Evidence{Path: "requirements.txt", Line: 10}},
	} {
		if f.Includes[i] != want {
			t.Errorf("include %d: %+v, want %+v", i, f.Includes[i], want)
		}
	}
	if f.Frozen {
		t.Error("hand-written file marked frozen")
	}
}

func TestRequirementsShapes(t *testing.T) {
	tests := []struct {
		name, path, src string
		deps, warns     []string
		frozen          bool
	}{
		{
			name: "dev file with include and crlf", path: "requirements-dev.txt",
			src:  "-r requirements.txt\r\npytest>=7\r\nblack==23.9.1\r\n",
			deps: []string{"2 pytest dev/dev v=>=7", "3 black dev/dev v===23.9.1"},
		},
		{
			name: "requirements directory", path: "requirements/test.txt",
			src:  "pytest-django\ncoverage[toml]\n",
			deps: []string{"1 pytest-django test/test", "2 coverage test/test x=toml"},
		},
		{
			name: "pip-compile output", path: "requirements.txt",
			src: `#
# This file is autogenerated by pip-compile with Python 3.11
#
certifi==2023.7.22
    # via requests
flask==3.0.0
    # via -r requirements.in
idna==3.4
    # via
    #   -r requirements.in
    #   requests
requests==2.31.0
    # via -r requirements.in
urllib3==2.0.7  # via requests
`,
			deps: []string{
				"4 certifi runtime v===2023.7.22 transitive",
				"6 flask runtime v===3.0.0",
				"8 idna runtime v===3.4",
				"12 requests runtime v===2.31.0",
				"14 urllib3 runtime v===2.0.7 transitive",
			},
		},
		{
			name: "pip freeze", path: "requirements.txt",
			src: "asgiref==3.7.2\nDjango==4.2.7\nsqlparse==0.4.4\ntzdata==2023.3\ncertifi==2023.7.22\n" +
				"charset-normalizer==3.3.2\nidna==3.4\nrequests==2.31.0\nurllib3==2.0.7\ngunicorn==21.2.0\n",
			deps: []string{
				"1 asgiref runtime v===3.7.2", "2 django runtime v===4.2.7", "3 sqlparse runtime v===0.4.4",
				"4 tzdata runtime v===2023.3", "5 certifi runtime v===2023.7.22", "6 charset-normalizer runtime v===3.3.2",
				"7 idna runtime v===3.4", "8 requests runtime v===2.31.0", "9 urllib3 runtime v===2.0.7",
				"10 gunicorn runtime v===21.2.0",
			},
			frozen: true,
		},
		{
			name: "continuation at end of file", path: "requirements.txt",
			src:  "flask \\",
			deps: []string{"1 flask runtime"},
		},
		{
			name: "empty and comments only", path: "requirements.txt",
			src:  "\n# nothing yet\n   \n",
			deps: []string{},
		},
		{
			name: "options without values", path: "requirements.txt",
			src:   "-r\n-e\n--pre\n",
			deps:  []string{},
			warns: []string{"1: without a file name", "2: without a path or URL"},
		},
		{
			name: "bad names and specifiers", path: "requirements.txt",
			src:   "--foo\n.hidden==1\nfoo[bar\nfoo>=\nfoo @\nfoo ; \nfoo ; (python_version\n==1.0\n",
			deps:  []string{},
			warns: []string{"1: unknown option", "2: invalid package name", "3: unclosed [", "4: no version", "5: empty URL", "6: empty marker", "7: unbalanced", "8: no package name"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse(tt.path, []byte(tt.src))
			checkFile(t, f, tt.deps, tt.warns)
			if f.Frozen != tt.frozen {
				t.Errorf("Frozen = %v", f.Frozen)
			}
		})
	}
}

func TestKindFromFileName(t *testing.T) {
	tests := []struct {
		path  string
		kind  Kind
		group string
	}{
		{"requirements.txt", KindRuntime, ""},
		{"requirements-dev.txt", KindDev, "dev"},
		{"dev-requirements.txt", KindDev, "dev"},
		{"requirements_test.txt", KindTest, "test"},
		{"test-requirements.txt", KindTest, "test"},
		{"requirements/base.txt", KindRuntime, "base"},
		{"requirements/production.txt", KindRuntime, "production"},
		{"requirements/docs.txt", KindDocs, "docs"},
		{"requirements/lint.in", KindDev, "lint"},
		{"requirements-gpu.txt", KindRuntime, "gpu"},
		{"requirements-scientific.txt", KindRuntime, "scientific"},
		{"requirements-ci.txt", KindTest, "ci"},
		{"requirements.build.txt", KindBuild, "build"},
	}
	for _, tt := range tests {
		k, g := kindFromFileName(tt.path)
		if k != tt.kind || g != tt.group {
			t.Errorf("%s: %s/%q, want %s/%q", tt.path, k, g, tt.kind, tt.group)
		}
	}
}

func TestFormatOf(t *testing.T) {
	for p, want := range map[string]Format{
		"requirements.txt":             FormatRequirements,
		"backend/requirements-dev.txt": FormatRequirements,
		"dev-requirements.in":          FormatRequirements,
		"requirements/base.txt":        FormatRequirements,
		"reqs/prod.txt":                FormatRequirements,
		"constraints.txt":              FormatRequirements,
		"notes.txt":                    "",
		"docs/requirements.md":         "",
		"pyproject.toml":               FormatPyproject,
		"sub/setup.py":                 FormatSetupPy,
		"setup.cfg":                    FormatSetupCfg,
		"Pipfile":                      FormatPipfile,
		"Pipfile.lock":                 "",
		"tox.ini":                      FormatTox,
		"environment.yml":              FormatConda,
		"binder/environment.yaml":      FormatConda,
		"environment-gpu.yml":          FormatConda,
		"conda-env.yml":                FormatConda,
		".github/workflows/ci.yml":     "",
		"poetry.lock":                  "",
		"src/app.py":                   "",
	} {
		if got := FormatOf(p); got != want {
			t.Errorf("FormatOf(%q) = %q, want %q", p, got, want)
		}
		if IsManifest(p) != (want != "") {
			t.Errorf("IsManifest(%q) = %v", p, IsManifest(p))
		}
	}
	if Parse("src/app.py", []byte("import os")) != nil {
		t.Error("Parse of a non-manifest is not nil")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Django": "django", "Flask_Login": "flask-login", "zope.interface": "zope-interface",
		"A--B__C..D": "a-b-c-d", "ruamel.yaml": "ruamel-yaml", "_pytest": "-pytest",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSizeBounds(t *testing.T) {
	big := make([]byte, MaxFileBytes+1)
	f := Parse("requirements.txt", big)
	if len(f.Dependencies) != 0 || len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Message, "limit") {
		t.Errorf("oversized: %+v", f.Warnings)
	}
	var b strings.Builder
	for i := 0; i < MaxDependencies+10; i++ {
		fmt.Fprintf(&b, "pkg%d\n", i)
	}
	f = Parse("requirements.txt", []byte(b.String()))
	if len(f.Dependencies) != MaxDependencies {
		t.Errorf("%d dependencies kept", len(f.Dependencies))
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Message, "the rest are not read") {
		t.Errorf("warnings: %v", warns(f))
	}
	b.Reset()
	for i := 0; i < MaxWarnings+10; i++ {
		b.WriteString("not a requirement at all\n")
	}
	f = Parse("requirements.txt", []byte(b.String()))
	if len(f.Warnings) != MaxWarnings+1 {
		t.Errorf("%d warnings kept", len(f.Warnings))
	}
}
