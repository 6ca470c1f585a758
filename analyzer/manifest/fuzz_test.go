package manifest

import (
	"strings"
	"testing"
)

// checkInvariants holds for any input: names are valid and normalised,
// evidence points into the file, warnings are bounded.
func checkInvariants(t *testing.T, f *File, data []byte) {
	t.Helper()
	lines := strings.Count(string(data), "\n") + 1
	for _, d := range f.Dependencies {
		if d.Name == "" || d.Name != Normalize(d.Name) || !validName(d.Name) {
			t.Fatalf("bad name %q from %q", d.Name, d.Spec)
		}
		if d.Evidence.Line < 1 || d.Evidence.Line > lines {
			t.Fatalf("%s: line %d outside 1..%d", d.Name, d.Evidence.Line, lines)
		}
		if d.Kind == "" || d.Format != f.Format || d.Evidence.Path != f.Path {
			t.Fatalf("%s: incomplete: %+v", d.Name, d)
		}
	}
	if len(f.Dependencies) > MaxDependencies || len(f.Warnings) > MaxWarnings+1 {
		t.Fatalf("unbounded: %d deps, %d warnings", len(f.Dependencies), len(f.Warnings))
	}
	for _, w := range f.Warnings {
		if w.Line < 0 || w.Line > lines+1 || w.Message == "" {
			t.Fatalf("bad warning %+v", w)
		}
	}
}

func FuzzRequirements(f *testing.F) {
	for _, s := range []string{
		"Django>=4.2,<5\nrequests[socks]==2.31.0 ; python_version >= \"3.8\"\n",
		"-r base.txt\n-c constraints.txt\n-e git+https://github.com/a/b.git@main#egg=b\n",
		"torch==2.1.0 \\\n    --hash=sha256:abc\n--index-url https://x\n",
		"pkg @ https://example.org/pkg-1.0.tar.gz ; sys_platform == 'linux'\n./local/dir\n",
		"certifi==2023.7.22\n    # via\n    #   -r requirements.in\n    #   requests\n",
		"numpy (>=1.0)\nfoo[bar\n==1\n# comment\n\\\n",
		"https://h/x.whl#egg=x[y]&subdirectory=z\n-e .\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		file := Parse("requirements-dev.txt", data)
		checkInvariants(t, file, data)
	})
}

func FuzzPyproject(f *testing.F) {
	for _, s := range []string{
		"[project]\nname = \"x\"\ndependencies = [\"a>=1\", \"b[c]; python_version<'3.9'\"]\n[project.optional-dependencies]\ndev = [\"pytest\"]\n",
		"[tool.poetry.dependencies]\npython = \"^3.11\"\nrequests = { version = \"^2\", extras = [\"socks\"] }\nnumpy = [{version=\"1\"}, {version=\"2\"}]\n",
		"[dependency-groups]\ntest = [\"pytest\", {include-group = \"lint\"}]\nlint = [\"ruff\"]\n",
		"[tool.hatch.envs.default]\ndependencies = [\"ipython\"]\n[tool.pdm.dev-dependencies]\nt = [\"x\"]\n",
		"[build-system]\nrequires = [\"setuptools\"]\n[tool.setuptools.dynamic]\ndependencies = {file = [\"requirements.txt\"]}\n",
		"[project\ndependencies = [\n\"a\" \"b\",\n]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		checkInvariants(t, Parse("pyproject.toml", data), data)
		checkInvariants(t, Parse("Pipfile", data), data)
	})
}

func FuzzSetupCfg(f *testing.F) {
	for _, s := range []string{
		"[options]\ninstall_requires =\n    requests>=2\n    click; python_version<'3.8'\ntests_require = pytest; mock\n",
		"[options.extras_require]\ndev = black\n    flake8\n[options]\nsetup_requires = file: req.txt\n",
		"[testenv]\ndeps =\n    py38: pytest\n    -rrequirements.txt\n    {[base]deps}\n",
		"key before section\n[broken\n  indented\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		checkInvariants(t, Parse("setup.cfg", data), data)
		checkInvariants(t, Parse("tox.ini", data), data)
	})
}

// FuzzSetupPy reads setup.py statically: no input may make the tree-sitter walk
// panic, recurse without bound or point evidence outside the file.
func FuzzSetupPy(f *testing.F) {
	for _, s := range []string{
		"from setuptools import setup\nsetup(name='x', install_requires=['requests>=2', \"click; python_version<'3.8'\"])\n",
		"REQS = ['a'] + ['b']\nREQS += ['c']\nREQS.append('d')\nsetup(install_requires=REQS, extras_require=dict(x=['e']))\n",
		"setup(install_requires=open('requirements.txt').read().splitlines())\n",
		"setup(install_requires=[f'pkg{v}' for v in range(3)], tests_require=('pytest',))\n",
		"A = B\nB = A\nsetup(install_requires=A)\n",
		"setup(**kwargs)\nsetup(install_requires=[\n",
		"print 'py2'\nsetup(install_requires=['x' 'y', u'z', b'w', r'v'])\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		checkInvariants(t, Parse("setup.py", data), data)
	})
}

// FuzzConda reads conda environment files: aliases, deep nesting and malformed
// YAML end in warnings, never in a panic or an unbounded expansion.
func FuzzConda(f *testing.F) {
	for _, s := range []string{
		"name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - numpy>=1.24\n  - pip\n  - pip:\n    - requests==2.31\n    - -r requirements.txt\n",
		"dependencies: &d [numpy, *d]\n",
		"a: &a [x, x]\nb: &b [*a, *a]\ndependencies: *b\n",
		"dependencies:\n- - - - numpy\n",
		"dependencies: {numpy: 1}\n",
		"dependencies:\n  - conda-forge::scikit-learn =1.3 =py311*\n  - defaults::pytorch[version='>=2']\n",
		"dependencies: [\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		checkInvariants(t, Parse("environment.yml", data), data)
	})
}

// FuzzParseRepo follows includes between two requirements files that include
// each other, themselves or files that are not there: every include ends.
func FuzzParseRepo(f *testing.F) {
	f.Add([]byte("-r base.txt\nflask\n"), []byte("-r requirements.txt\n-c requirements.txt\nrequests\n"))
	f.Add([]byte("-r ../../etc/passwd\n-r /etc/passwd\n-r base.txt\n"), []byte("-r base.txt\n-e .\n"))
	f.Add([]byte("-c c.txt\n--requirement=base.txt\n"), []byte("--constraint base.txt\n"))
	f.Fuzz(func(t *testing.T, main, base []byte) {
		if len(main)+len(base) > 1<<16 {
			return
		}
		files := map[string][]byte{"requirements.txt": main, "base.txt": base}
		r := ParseRepo(files)
		for _, file := range r.Files {
			if _, ok := files[file.Path]; !ok {
				t.Fatalf("read %q, which is not a file of the repository", file.Path)
			}
			checkInvariants(t, file, files[file.Path])
		}
	})
}
