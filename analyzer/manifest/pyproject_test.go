package manifest

import (
	"slices"
	"strings"
	"testing"
)

func TestPyprojectPEP621(t *testing.T) {
	src := `[build-system]
requires = ["hatchling>=1.18", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "Shop_Kit"
version = "0.3.0"
requires-python = ">=3.10"
dependencies = [
    "fastapi>=0.110",
    "SQLAlchemy[asyncio]>=2.0,<3",
    'pydantic-settings',
    "uvloop; sys_platform != 'win32'",
    "httpx @ https://github.com/encode/httpx/archive/refs/tags/0.27.0.zip",
    42,
    "not a requirement!",
]

[project.optional-dependencies]
postgres = ["asyncpg>=0.29"]
all = ["shop-kit[postgres]"]
docs = ["mkdocs-material"]

[dependency-groups]
test = ["pytest>=8", "pytest-asyncio", {include-group = "lint"}]
lint = ["ruff==0.4.4"]
typing = ["mypy", {wrong = 1}]

[tool.hatch.envs.default]
dependencies = ["ipython"]

[tool.hatch.envs.docs]
extra-dependencies = ["mkdocstrings[python]"]

[tool.uv]
dev-dependencies = ["pre-commit"]

[tool.setuptools.dynamic]
optional-dependencies = { gpu = { file = ["requirements-gpu.txt"] } }
`
	f := Parse("pyproject.toml", []byte(src))
	checkFile(t, f, []string{
		"10 fastapi runtime v=>=0.110",
		"11 sqlalchemy runtime v=>=2.0,<3 x=asyncio",
		"12 pydantic-settings runtime",
		"13 uvloop runtime m=sys_platform != 'win32'",
		"14 httpx runtime u=https://github.com/encode/httpx/archive/refs/tags/0.27.0.zip",
		"20 asyncpg optional/postgres v=>=0.29",
		"22 mkdocs-material optional/docs",
		"2 hatchling build v=>=1.18",
		"2 hatch-vcs build",
		"25 pytest test/test v=>=8",
		"25 pytest-asyncio test/test",
		"26 ruff dev/lint v===0.4.4",
		"27 mypy dev/typing",
		"30 ipython dev/default",
		"33 mkdocstrings docs/docs x=python",
		"36 pre-commit dev/dev",
	}, []string{
		"14: item 42 is not a string",
		"16: not a requirement",
		"27: table without include-group",
	})
	if len(f.Includes) != 1 || f.Includes[0].Target != "requirements-gpu.txt" || f.Includes[0].Kind != KindOptional ||
		f.Includes[0].Group != "gpu" || f.Includes[0].Evidence.Line != 39 {
		t.Errorf("includes: %+v", f.Includes)
	}
}

func TestPyprojectPoetry(t *testing.T) {
	src := `[tool.poetry]
name = "weather-bot"
version = "1.0.0"

[tool.poetry.dependencies]
python = "^3.11"
aiogram = "^3.2"
requests = { version = "^2.31", extras = ["socks"] }
psycopg = { version = "^3.1", optional = true }
shared-utils = { path = "../shared", develop = true }
forked = { git = "https://github.com/someone/forked.git", branch = "fix" }
numpy = [
    { version = "<1.25", python = "<3.9" },
    { version = "^1.26", python = ">=3.9" },
]
weird = 12

[tool.poetry.extras]
postgres = ["psycopg"]

[tool.poetry.dev-dependencies]
black = "*"

[tool.poetry.group.test.dependencies]
pytest = "^7.4"
pytest-mock = "*"

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
sphinx = "^7"
`
	f := Parse("pyproject.toml", []byte(src))
	checkFile(t, f, []string{
		"7 aiogram runtime v=^3.2",
		"8 requests runtime v=^2.31 x=socks",
		"9 psycopg optional/postgres v=^3.1",
		"10 shared-utils runtime u=../shared editable local",
		"11 forked runtime u=https://github.com/someone/forked.git",
		"12 numpy runtime v=<1.25 || ^1.26 m=python <3.9",
		"16 weird runtime",
		"22 black dev/dev",
		"25 pytest test/test v=^7.4",
		"26 pytest-mock test/test",
		"32 sphinx docs/docs v=^7",
	}, []string{
		"16: neither a string nor a table",
	})
	if got := f.Dependencies[1].Spec; got != `requests = { version = "^2.31", extras = ["socks"] }` {
		t.Errorf("Spec = %q", got)
	}
}

func TestPyprojectPDM(t *testing.T) {
	src := `[project]
name = "scraper"
dependencies = ["scrapy>=2.11", "parsel"]

[tool.pdm.dev-dependencies]
test = ["pytest", "pytest-cov"]
lint = ["flake8"]
`
	checkFile(t, Parse("pyproject.toml", []byte(src)), []string{
		"3 scrapy runtime v=>=2.11",
		"3 parsel runtime",
		"6 pytest test/test",
		"6 pytest-cov test/test",
		"7 flake8 dev/lint",
	}, nil)
}

func TestPyprojectBroken(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		deps, warns []string
	}{
		{
			name:  "one broken line is skipped",
			src:   "[project]\nname = \"x\"\ndependencies = [\n  \"click>=8\",\n  \"rich\" \"typer\",\n  \"tqdm\",\n]\n",
			deps:  []string{"4 click runtime v=>=8", "6 tqdm runtime"},
			warns: []string{"5: invalid TOML", "0: read after blanking 1 broken line"},
		},
		{
			name:  "unclosed table header",
			src:   "[project\ndependencies = [\"x\"]\n",
			deps:  []string{},
			warns: []string{"1: invalid TOML", "0: read after blanking"},
		},
		{
			name:  "wrong types",
			src:   "project = 3\n[build-system]\nrequires = \"setuptools\"\n[dependency-groups]\ndev = \"pytest\"\n",
			deps:  []string{},
			warns: []string{"1: [project] is not a table", "3: build-system.requires is not an array", "5: dependency-groups.dev is not an array"},
		},
		{
			name:  "poetry table of the wrong type",
			src:   "[tool.poetry]\ndependencies = [\"requests\"]\n",
			deps:  []string{},
			warns: []string{"2: tool.poetry.dependencies is not a table"},
		},
		{
			name:  "unclosed multi-line string",
			src:   "[project]\ndependencies = [\"attrs\"]\nb = \"\"\"\n",
			deps:  []string{"2 attrs runtime"},
			warns: []string{"3: invalid TOML", "0: read after blanking 1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFile(t, Parse("pyproject.toml", []byte(tt.src)), tt.deps, tt.warns)
		})
	}
}

func TestPyprojectHopeless(t *testing.T) {
	src := "[project]\ndependencies = [\"attrs\"]\n" + strings.Repeat("= =\n", maxTOMLRepairs+2)
	f := Parse("pyproject.toml", []byte(src))
	if len(f.Dependencies) != 0 {
		t.Errorf("dependencies from unreadable TOML: %v", deps(f))
	}
	w := warns(f)
	if len(w) != maxTOMLRepairs+2 || !strings.Contains(w[len(w)-1], "could not be read") {
		t.Errorf("warnings:\n%s", strings.Join(w, "\n"))
	}
}

func TestPipfile(t *testing.T) {
	src := `[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
flask = "*"
flask-sqlalchemy = ">=3.0"
requests = {version = "*", extras = ["socks"]}
mylib = {path = "./mylib", editable = true}
gunicorn = {version = "*", markers = "sys_platform == 'linux'"}

[dev-packages]
pytest = "*"

[docs]
sphinx = "*"

[requires]
python_version = "3.11"
`
	checkFile(t, Parse("Pipfile", []byte(src)), []string{
		"7 flask runtime",
		"8 flask-sqlalchemy runtime v=>=3.0",
		"9 requests runtime x=socks",
		"10 mylib runtime u=./mylib editable local",
		"11 gunicorn runtime m=sys_platform == 'linux'",
		"14 pytest dev/dev",
		"17 sphinx docs/docs",
	}, nil)
}

func TestHostileCondaYAMLIsReadLineByLine(t *testing.T) {
	text := "name: env\ndependencies:\n  - numpy\n  - pip:\n    - requests\nx: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
	f := Parse("environment.yml", []byte(text))
	if len(f.Warnings) == 0 || !strings.Contains(f.Warnings[0].Message, "not parsed") || f.Warnings[0].Line != 6 {
		t.Errorf("warnings %+v", f.Warnings)
	}
	var names []string
	for _, d := range f.Dependencies {
		names = append(names, d.Name)
	}
	if !slices.Contains(names, "numpy") {
		t.Errorf("dependencies %v: the line-by-line fallback should still find numpy", names)
	}
}
