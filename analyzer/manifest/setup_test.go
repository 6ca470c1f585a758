package manifest

import (
	"testing"
)

func TestSetupPy(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		deps, warns []string
		includes    []string
	}{
		{
			name: "literal lists",
			src: `from setuptools import setup, find_packages

setup(
    name="tinyapi",
    packages=find_packages(),
    install_requires=[
        "flask>=2.3",
        'marshmallow',  # schemas
        "gunicorn; platform_system != 'Windows'",
    ],
    tests_require=("pytest",),
    setup_requires=["setuptools_scm"],
    extras_require={
        "redis": ["redis>=4"],
        "dev": ["black", "flake8"],
        "test:python_version < '3.9'": ["importlib-metadata"],
    },
)
`,
			deps: []string{
				"7 flask runtime v=>=2.3",
				"8 marshmallow runtime",
				"9 gunicorn runtime m=platform_system != 'Windows'",
				"11 pytest test",
				"12 setuptools-scm build",
				"14 redis optional/redis v=>=4",
				"15 black optional/dev",
				"15 flake8 optional/dev",
				"16 importlib-metadata optional/test",
			},
		},
		{
			name: "variables, concatenation and appends",
			src: `import setuptools

BASE = ["numpy>=1.24", "scipy"]
PLOTTING = ['matplotlib']
REQS = BASE + PLOTTING
REQS += ["tqdm"]
REQS.append("click")
EXTRAS = dict(ml=["scikit-learn"], torch=["torch>=2"])
EXTRAS["all"] = ["scikit-learn", "torch>=2"]
DEPS_TEXT = """
pandas>=2.0  # frames
pyarrow
"""

setuptools.setup(
    name="sciproj",
    install_requires=REQS + DEPS_TEXT.splitlines(),
    extras_require=EXTRAS,
)
`,
			deps: []string{
				"3 numpy runtime v=>=1.24",
				"3 scipy runtime",
				"4 matplotlib runtime",
				"6 tqdm runtime",
				"7 click runtime",
				"11 pandas runtime v=>=2.0",
				"12 pyarrow runtime",
				"8 scikit-learn optional/ml",
				"8 torch optional/torch v=>=2",
				"9 scikit-learn optional/all",
				"9 torch optional/all v=>=2",
			},
		},
		{
			name: "computed from a requirements file",
			src: `import os
from setuptools import setup

here = os.path.abspath(os.path.dirname(__file__))
with open(os.path.join(here, "requirements.txt")) as fh:
    requirements = [line.strip() for line in fh if line.strip()]

setup(
    name="reader",
    install_requires=requirements + ["typing-extensions"],
    extras_require={"dev": [f"pytest>={PYTEST}"]},
)
`,
			deps: []string{"10 typing-extensions runtime"},
			warns: []string{
				"6: install_requires is computed",
				"11: extras_require[dev] is computed",
			},
			includes: []string{"requirements.txt"},
		},
		{
			name: "function call and keywords splat",
			src: `from distutils.core import setup

def read_reqs(path):
    return open(path).read().splitlines()

config = {
    "name": "legacy",
    "install_requires": ["six", "future"],
    "tests_require": read_reqs("test-requirements.txt"),
}

setup(**config)
`,
			deps:     []string{"8 six runtime", "8 future runtime"},
			warns:    []string{"9: tests_require is computed (read_reqs(\"test-requirements.txt\"))"},
			includes: []string{"test-requirements.txt"},
		},
		{
			name:  "not a requirement in a literal",
			src:   "from setuptools import setup\nsetup(install_requires=['requests', 'this is not one'])\n",
			deps:  []string{"2 requests runtime"},
			warns: []string{"2: not a requirement"},
		},
		{
			name:  "syntax error",
			src:   "from setuptools import setup\ndef broken(:\n    pass\nsetup(install_requires=['attrs'])\n",
			deps:  []string{"4 attrs runtime"},
			warns: []string{"2: syntax errors"},
		},
		{
			name: "no setup call",
			src:  "print('hello')\n",
			deps: []string{},
		},
		{
			name:  "unassigned name",
			src:   "from setuptools import setup\nsetup(install_requires=REQUIREMENTS)\nREQUIREMENTS = ['late']\n",
			deps:  []string{},
			warns: []string{"2: install_requires: REQUIREMENTS is not assigned a literal before setup()"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("setup.py", []byte(tt.src))
			checkFile(t, f, tt.deps, tt.warns)
			var inc []string
			for _, i := range f.Includes {
				inc = append(inc, i.Target)
			}
			if len(inc) != len(tt.includes) || (len(inc) > 0 && inc[0] != tt.includes[0]) {
				t.Errorf("includes %v, want %v", inc, tt.includes)
			}
		})
	}
}

func TestSetupCfg(t *testing.T) {
	src := `[metadata]
name = cfgproj
version = attr: cfgproj.__version__

[options]
packages = find:
python_requires = >=3.8
install_requires =
    requests>=2.28
    # a comment inside the value
    importlib-metadata; python_version < "3.10"
    click
tests_require = pytest; pytest-cov
setup_requires = file: build-requirements.txt

[options.extras_require]
yaml =
    PyYAML>=6
docs = sphinx; furo
broken =
    this is not a requirement

[flake8]
max-line-length = 100
this line is junk
`
	f := Parse("setup.cfg", []byte(src))
	checkFile(t, f, []string{
		"9 requests runtime v=>=2.28",
		`11 importlib-metadata runtime m=python_version < "3.10"`,
		"12 click runtime",
		"13 pytest test",
		"13 pytest-cov test",
		"18 pyyaml optional/yaml v=>=6",
		"19 sphinx optional/docs",
		"19 furo optional/docs",
	}, []string{
		"25: neither a section, a key nor a value",
		"21: not a requirement",
	})
	if len(f.Includes) != 1 || f.Includes[0].Target != "build-requirements.txt" || f.Includes[0].Kind != KindBuild {
		t.Errorf("includes: %+v", f.Includes)
	}
}

func TestTox(t *testing.T) {
	src := `[tox]
envlist = py{310,311}-django{42,50}, lint, docs

[testenv]
deps =
    -r{toxinidir}/requirements-test.txt
    pytest-xdist
    django42: Django>=4.2,<4.3
    {py310,py311}-django50: Django>=5.0,<5.1
    !py310: tomli
commands = pytest {posargs}

[testenv:lint]
deps =
    {[testenv]deps}
    ruff
    mypy==1.8.0
skip_install = true

[testenv:docs]
deps = sphinx
    -c constraints/docs.txt
    sphinx-{env:THEME:rtd}-theme
`
	f := Parse("tox.ini", []byte(src))
	checkFile(t, f, []string{
		"7 pytest-xdist test",
		"8 django test v=>=4.2,<4.3",
		"9 django test v=>=5.0,<5.1",
		"10 tomli test",
		"16 ruff dev/lint",
		"17 mypy dev/lint v===1.8.0",
		"21 sphinx docs/docs",
	}, []string{
		"23: tox substitution",
	})
	if len(f.Includes) != 2 || f.Includes[0].Target != "requirements-test.txt" || f.Includes[0].Kind != KindTest ||
		!f.Includes[1].Constraint || f.Includes[1].Group != "docs" {
		t.Errorf("includes: %+v", f.Includes)
	}
}

func TestConda(t *testing.T) {
	src := `name: vision-lab
channels:
  - pytorch
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - numpy>=1.26
  - pytorch::pytorch=2.1
  - py-opencv
  - matplotlib-base
  - conda-forge::scikit-learn=1.3.*=py311h
  - cudatoolkit=11.8
  - r-ggplot2
  - "jupyterlab"
  - pip:
      - -r requirements-extra.txt
      - albumentations==1.3.1
      - git+https://github.com/facebookresearch/segment-anything.git#egg=segment_anything
      - not a requirement
`
	f := Parse("environment.yml", []byte(src))
	checkFile(t, f, []string{
		"8 numpy runtime v=>=1.26 conda",
		"9 torch runtime v==2.1 conda",
		"10 opencv-python runtime conda",
		"11 matplotlib runtime conda",
		"12 scikit-learn runtime v==1.3.*=py311h conda",
		"15 jupyterlab runtime conda",
		"18 albumentations runtime v===1.3.1",
		"19 segment-anything runtime u=git+https://github.com/facebookresearch/segment-anything.git#egg=segment_anything",
	}, []string{
		"20: not a requirement",
	})
	if n := f.Dependencies[1].Note; n != "conda package pytorch is torch on PyPI" {
		t.Errorf("note %q", n)
	}
	if len(f.Includes) != 1 || f.Includes[0].Target != "requirements-extra.txt" {
		t.Errorf("includes: %+v", f.Includes)
	}

	// Broken YAML: read line by line.
	broken := "name: x\ndependencies:\n  - flask\n  - pip:\n    - requests\n  bad: [unclosed\n  - numpy\n"
	f = Parse("environment-dev.yml", []byte(broken))
	checkFile(t, f, []string{
		"3 flask dev/dev conda",
		"5 requests dev/dev",
		"7 numpy dev/dev conda",
	}, []string{"6: invalid YAML"})

	// Shapes that are valid YAML but not an environment.
	odd := "dependencies:\n  - {conda: x}\n  - [a, b]\n---\n- just a list\n"
	f = Parse("environment.yml", []byte(odd))
	checkFile(t, f, []string{}, []string{`2: unknown section "conda"`, "3: neither a package"})
	if _, err := condaTables(); err != nil {
		t.Fatal(err)
	}
}

func TestReadSetupMetadata(t *testing.T) {
	src := `from setuptools import setup
NAME = "mytool"
SCRIPTS = ["mytool = mytool.cli:main", "mt=mytool.cli:short"]
helper(name="not-the-project")
setup(
    name=NAME,
    entry_points={"console_scripts": SCRIPTS, "gui_scripts": ["g = a:b"]},
)
`
	m := ReadSetupMetadata([]byte(src))
	if m.Name != "mytool" {
		t.Errorf("name %q, want mytool (the variable assigned before setup)", m.Name)
	}
	if len(m.Scripts) != 2 || m.Scripts[0].Spec != "mytool = mytool.cli:main" || m.Scripts[0].Line != 3 {
		t.Errorf("scripts %+v, want the two console scripts at line 3", m.Scripts)
	}
	// Near miss: a computed name and scripts are not guessed, and nothing runs.
	m = ReadSetupMetadata([]byte("import os\nsetup(name=os.environ['N'], entry_points=load())\n"))
	if m.Name != "" || len(m.Scripts) != 0 {
		t.Errorf("computed metadata read as %+v", m)
	}
}
