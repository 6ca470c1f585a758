package practices

import (
	"reflect"
	"strconv"
	"testing"
)

func TestMarkdownHeadings(t *testing.T) {
	src := "---\ntitle: front matter\n---\n" +
		"<h1 align=\"center\"><img src=\"logo.png\"> My <b>Tool</b></h1>\n\n" +
		"[![CI](https://x/badge.svg)](https://x)\n\n" +
		"## Install ##\n\n```bash\n# comment, not a heading\n```\n\n" +
		"~~~\n## fenced\n~~~\n" +
		"Setext One\n==========\n\nSetext *Two*\n---\n\n" +
		"- list item\n---\n\n| a | b |\n|---|---|\n\n" +
		"    # indented code\n" +
		"####### seven\n#no-space\n" +
		"### [Link](http://x) and `code`\n#\n"
	want := []Heading{
		{Level: 1, Text: "My Tool", Line: 4},
		{Level: 2, Text: "Install", Line: 8},
		{Level: 1, Text: "Setext One", Line: 17},
		{Level: 2, Text: "Setext *Two*", Line: 20},
		{Level: 3, Text: "Link and code", Line: 32},
	}
	if got := markdownHeadings([]byte(src)); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestRSTHeadings(t *testing.T) {
	src := "=======\n Title\n=======\n\nSubtitle\n--------\n\nText.\n\nSection\n=======\n\n----\n\n  quoted\n  ------\n\nShort\n==\n\nAgain\n-----\n"
	want := []Heading{
		{Level: 1, Text: "Title", Line: 2},
		{Level: 2, Text: "Subtitle", Line: 5},
		{Level: 3, Text: "Section", Line: 10},
		{Level: 2, Text: "Again", Line: 21},
	}
	if got := rstHeadings([]byte(src)); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestLicenseKind(t *testing.T) {
	for text, want := range map[string]string{
		"MIT License\n\nPermission is hereby granted, free of\ncharge, to any person":                    "MIT",
		"Apache License\nVersion 2.0, January 2004":                                                      "Apache-2.0",
		"GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007":                                            "GPL-3.0",
		"GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991":                                               "GPL-2.0",
		"GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3":                                                   "LGPL",
		"GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3":                                                   "AGPL-3.0",
		"Redistribution and use in source and binary forms ... Neither the name of the copyright holder": "BSD-3-Clause",
		"Redistribution and use in source and binary forms, with or without modification":                "BSD-2-Clause",
		"Mozilla Public License Version 2.0":                                                             "MPL-2.0",
		"This is free and unencumbered software released into the public domain.":                        "Unlicense",
		"Permission to use, copy, modify, and/or distribute this software for any purpose with or":       "ISC",
		"All rights reserved.": "",
	} {
		if got := licenseKind([]byte(text)); got != want {
			t.Errorf("licenseKind(%.30q) = %q, want %q", text, got, want)
		}
	}
	rp := Analyze(Repo{Files: []string{"LICENSE-MIT", "LICENSE-APACHE"}})
	if l := rp.Documentation.License; l == nil || l.Path != "LICENSE-APACHE" || l.Kind != "Apache-2.0" {
		t.Errorf("unread licence: %+v", l)
	}
}

func TestPackaging(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  Packaging
	}{
		{"poetry", map[string]string{"pyproject.toml": "[tool.poetry]\nname = \"p\"\n[tool.black]\n", "p/__init__.py": ""},
			Packaging{Style: "pyproject", Pyproject: &Pyproject{Evidence: fileEvidence("pyproject.toml"), Backend: "poetry", Name: "p", Tools: []string{"black", "poetry"}}}},
		{"setuptools backend and setup.py", map[string]string{
			"pyproject.toml": "[build-system]\nbuild-backend = \"setuptools.build_meta\"\n", "setup.py": "", "src/mod.py": ""},
			Packaging{Style: "pyproject", Pyproject: &Pyproject{Evidence: fileEvidence("pyproject.toml"), BuildBackend: "setuptools.build_meta", Backend: "setuptools"},
				SetupPy: &Evidence{Path: "setup.py"}, SrcLayout: &Evidence{Path: "src/mod.py"}}},
		{"tool-only pyproject and setup.cfg", map[string]string{
			"pyproject.toml": "[tool.ruff]\n", "setup.cfg": "[options]\npackages = find:\n", "src/pkg/sub/__init__.py": "", "src/pkg/__init__.py": ""},
			Packaging{Style: "setup.cfg", Pyproject: &Pyproject{Evidence: fileEvidence("pyproject.toml"), Tools: []string{"ruff"}},
				SetupCfg: &Evidence{Path: "setup.cfg"}, SrcLayout: &Evidence{Path: "src/pkg/__init__.py"}}},
		{"nested project", map[string]string{"backend/setup.py": "", "frontend/app.js": ""},
			Packaging{Style: "setup.py", SetupPy: &Evidence{Path: "backend/setup.py"}}},
		{"none", map[string]string{"main.py": "", "src/README.md": ""}, Packaging{Style: "none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Analyze(buildRepo(t, tt.files)).Packaging; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDocumentation(t *testing.T) {
	rp := Analyze(buildRepo(t, map[string]string{
		"readme.txt":              "plain\n",
		"README.rst":              "Title\n=====\n",
		"mkdocs.yml":              "site_name: x\n",
		"doc/index.md":            "",
		".readthedocs.yaml":       "version: 2\n",
		"docs/HISTORY.md":         "",
		".github/CONTRIBUTING.md": "",
		"sub/CHANGELOG.md":        "",
	}))
	d := rp.Documentation
	if d.Readme == nil || d.Readme.Path != "README.rst" || d.Readme.Bytes != 12 || len(d.Readme.Headings) != 1 {
		t.Errorf("readme %+v", d.Readme)
	}
	want := &DocsSite{Dir: "docs", Tool: "mkdocs", Config: &Evidence{Path: "mkdocs.yml"}, ReadTheDocs: &Evidence{Path: ".readthedocs.yaml"}}
	if !reflect.DeepEqual(d.Docs, want) {
		t.Errorf("docs %+v", d.Docs)
	}
	if d.Changelog == nil || d.Changelog.Path != "docs/HISTORY.md" || d.Contributing == nil || d.Contributing.Path != ".github/CONTRIBUTING.md" {
		t.Errorf("changelog %+v contributing %+v", d.Changelog, d.Contributing)
	}
}

func TestTools(t *testing.T) {
	rp := Analyze(buildRepo(t, map[string]string{
		".flake8":            "[flake8]\n",
		"pylintrc":           "",
		".isort.cfg":         "",
		"pkg/mypy.ini":       "[mypy]\n",
		"pyrightconfig.json": "{}",
		".coveragerc":        "",
		"codecov.yml":        "",
		"ruff.toml":          "",
		"setup.cfg":          "[isort]\nprofile = black\n[mypy]\n[mypy-pkg.*]\n[coverage:run]\n[pylint.messages_control]\n",
		"tox.ini":            "[flake8]\n[mypy]\n[coverage:report]\n",
		"pyproject.toml":     "[tool.black]\n[tool.basedpyright]\n[tool.pylint.main]\n[tool.coverage.run]\n[tool.pytype]\n[tool.setuptools]\n",
		".github/workflows/lint.yml": "jobs:\n  l:\n    steps:\n      - run: black --check .\n      - run: pytest --cov\n" +
			"      - uses: py-actions/flake8@v2\n      - run: make lint\n      - run: pydocstyle src\n",
	}))
	got := map[string][]string{}
	for _, tool := range rp.Tools {
		for _, s := range tool.Sources {
			got[tool.Name] = append(got[tool.Name], s.Kind+" "+s.Path+":"+strconv.Itoa(s.Line))
		}
	}
	wf := ".github/workflows/lint.yml"
	want := map[string][]string{
		"black":      {"pyproject pyproject.toml:1", "ci " + wf + ":4"},
		"coverage":   {"config_file .coveragerc:0", "codecov codecov.yml:0", "pyproject pyproject.toml:4", "setup_cfg setup.cfg:5", "tox_ini tox.ini:3", "ci " + wf + ":5"},
		"flake8":     {"config_file .flake8:0", "tox_ini tox.ini:1", "ci " + wf + ":6"},
		"isort":      {"config_file .isort.cfg:0", "setup_cfg setup.cfg:1"},
		"mypy":       {"config_file pkg/mypy.ini:0", "setup_cfg setup.cfg:3"},
		"pydocstyle": {"ci " + wf + ":8"},
		"pylint":     {"config_file pylintrc:0", "pyproject pyproject.toml:3", "setup_cfg setup.cfg:6"},
		"pyright":    {"pyproject pyproject.toml:2", "config_file pyrightconfig.json:0"},
		"pytype":     {"pyproject pyproject.toml:5"},
		"ruff":       {"config_file ruff.toml:0"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestPreCommitHooks(t *testing.T) {
	rp := Analyze(buildRepo(t, map[string]string{".pre-commit-config.yaml": `default_language_version:
  python: python3.12
repos:
  - repo: https://github.com/psf/black
    rev: 24.1.0
    hooks: [{id: black}]
  - repo: local
    hooks:
      - id: mypy
        name: mypy
        entry: mypy
        language: system
      - name: no id
`}))
	want := &PreCommit{Evidence: fileEvidence(".pre-commit-config.yaml"), Hooks: []Hook{
		{ID: "black", Repo: "https://github.com/psf/black", Line: 6},
		{ID: "mypy", Repo: "local", Line: 9},
	}}
	if !reflect.DeepEqual(rp.PreCommit, want) {
		t.Errorf("got %+v", rp.PreCommit)
	}
	var names []string
	for _, tool := range rp.Tools {
		names = append(names, tool.Name)
	}
	if !reflect.DeepEqual(names, []string{"black", "mypy", "pre-commit"}) {
		t.Errorf("tools %v", names)
	}
}
