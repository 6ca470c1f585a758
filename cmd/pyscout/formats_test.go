package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// runTTY runs the command with standard output claiming to be a terminal
// (or not), to check when colour is written.
func runTTY(t *testing.T, tty bool, getenv map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, streams{Out: &out, ErrOut: &errOut, OutTTY: tty}, func(k string) string { return getenv[k] })
	return result{code, out.String(), errOut.String()}
}

// schemaFile is the published JSON Schema of the report.
var schemaFile = filepath.Join("..", "..", "docs", "report.schema.json")

// reportSchemas compiles the published schema, and a strict copy that
// allows no property the schema does not describe.
func reportSchemas(t *testing.T) (published, strict *jsonschema.Schema) {
	t.Helper()
	compile := func(strictCopy bool) *jsonschema.Schema {
		f, err := os.Open(schemaFile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatal(err)
		}
		if strictCopy {
			closeObjects(doc)
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource("report.schema.json", doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile("report.schema.json")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	return compile(false), compile(true)
}

// closeObjects forbids undeclared properties in every object schema.
func closeObjects(v any) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["properties"]; ok {
			if _, set := x["additionalProperties"]; !set {
				x["additionalProperties"] = false
			}
		}
		for _, child := range x {
			closeObjects(child)
		}
	case []any:
		for _, child := range x {
			closeObjects(child)
		}
	}
}

func validateReport(t *testing.T, name, data string) {
	t.Helper()
	published, strict := reportSchemas(t)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	if err := published.Validate(inst); err != nil {
		t.Errorf("%s does not match %s: %v", name, schemaFile, err)
	}
	if err := strict.Validate(inst); err != nil {
		t.Errorf("%s has properties %s does not describe: %v", name, schemaFile, err)
	}
}

// historyCandidate is a user with history, events and a fork, so that every
// optional part of the report (identity, activity, contributions, history,
// all_time) is present.
func historyCandidate(t *testing.T) *githubtest.Server {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "frank", ID: 4242, Name: "Frank", Email: "frank@example.com"})
	s.AddUser(githubtest.User{Login: "org", Type: "Organization"})
	s.AddRepo("frank", githubtest.Repo{Name: "api", Description: "An API <b>server</b>", Language: "Python", PushedAt: ago(2),
		History: []githubtest.Commit{
			{AuthorName: "Frank", AuthorEmail: "4242+frank@users.noreply.github.com", AuthorDate: ago(50), Message: "[x](javascript:alert(1))",
				Files: map[string]string{"api/app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\nclass A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n"}},
			{AuthorName: "Other", AuthorEmail: "other@example.com", AuthorDate: ago(20), Files: map[string]string{"README.md": "# api\n"}},
			{AuthorName: "Frank", AuthorEmail: "frank@example.com", AuthorDate: ago(3), Files: map[string]string{"api/jobs.py": "import asyncio\n\n\nasync def run():\n    await asyncio.sleep(0)\n"}},
		}})
	s.AddRepo("frank", githubtest.Repo{Name: "notes", Language: "Jupyter Notebook", PushedAt: ago(10), History: []githubtest.Commit{
		{AuthorName: "Frank", AuthorEmail: "frank@example.com", AuthorDate: ago(10),
			Files: map[string]string{"eda.ipynb": `{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["import pandas as pd\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`}},
	}})
	s.AddRepo("frank", githubtest.Repo{Name: "site", Language: "HTML", PushedAt: ago(30), Files: map[string]string{"index.html": "<p>hi</p>\n"}})
	s.AddEvents("frank",
		githubtest.PullRequestEvent("org/lib", 7, "opened", false, "Fix [docs](javascript:alert(1))", ago(5)),
		githubtest.PullRequestReviewEvent("org/lib", 8, "approved", ago(6)),
	)
	return s
}

func TestHTMLFormatEndToEnd(t *testing.T) {
	s := historyCandidate(t)
	res := runCLI(t, nil, "analyze", "frank", "--api-url", s.APIURL(), "--format", "html", "--cache-dir", t.TempDir(), "-q")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	page := res.stdout
	for _, want := range []string{"<!DOCTYPE html>", "Content-Security-Policy", `id="questions"`, `id="activity"`, "An API &lt;b&gt;server&lt;/b&gt;", "/blob/"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "<b>server") || strings.Contains(page, `href="javascript`) {
		t.Error("candidate markup reached the page")
	}

	out := filepath.Join(t.TempDir(), "frank.html")
	res = runCLI(t, nil, "analyze", "frank", "--api-url", s.APIURL(), "-o", out, "--cache-dir", t.TempDir())
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(data), "<!DOCTYPE html>") {
		t.Errorf("-o frank.html did not write HTML (%v)", err)
	}
}

func TestColourOnlyOnATerminal(t *testing.T) {
	s := historyCandidate(t)
	cache := t.TempDir()
	args := func(extra ...string) []string {
		return append([]string{"analyze", "frank", "--api-url", s.APIURL(), "--cache-dir", cache, "-q", "--no-history"}, extra...)
	}
	outDir := t.TempDir()
	cases := []struct {
		name   string
		tty    bool
		env    map[string]string
		args   []string
		colour bool
	}{
		{"default summary on a terminal", true, nil, args("--out-dir", outDir), true},
		{"table on a terminal", true, nil, args("--format", "table"), true},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, args("--format", "table"), false},
		{"not a terminal", false, nil, args("--format", "table"), false},
		{"markdown on a terminal", true, nil, args("--format", "md"), false},
		{"json on a terminal", true, nil, args("--format", "json"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runTTY(t, c.tty, c.env, c.args...)
			if res.code != 0 {
				t.Fatalf("exit %d: %s", res.code, res.stderr)
			}
			if got := strings.Contains(res.stdout, "\x1b["); got != c.colour {
				t.Errorf("colour %v, want %v:\n%s", got, c.colour, res.stdout)
			}
		})
	}
	// A file never gets colour, even when standard output is a terminal.
	file := filepath.Join(t.TempDir(), "frank.txt")
	if res := runTTY(t, true, nil, args("-o", file)...); res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil || strings.ContainsRune(string(data), '\x1b') || !strings.Contains(string(data), "pyscout: frank") {
		t.Errorf("the table file: %v\n%s", err, data)
	}
	for _, name := range []string{"frank.md", "frank.json"} {
		data, err := os.ReadFile(filepath.Join(outDir, name))
		if err != nil || strings.ContainsRune(string(data), '\x1b') {
			t.Errorf("%s: %v, or colour in a file", name, err)
		}
	}
}

// TestReportsMatchSchema validates the JSON of an analysis with history,
// of one without, of an inspect run and of the default output against
// docs/report.schema.json.
func TestReportsMatchSchema(t *testing.T) {
	s := historyCandidate(t)
	res := runCLI(t, nil, "analyze", "frank", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir(), "-q")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	for _, want := range []string{`"activity"`, `"contributions"`, `"identity"`, `"history"`} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("the analysis with history has no %s", want)
		}
	}
	validateReport(t, "analyze with history", res.stdout)

	res = runCLI(t, nil, "analyze", "frank", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir(), "-q",
		"--no-history", "--stack", "flask,kafka", "--level", "senior")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	validateReport(t, "analyze without history", res.stdout)

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.py"), []byte("import requests\n\n\ndef get(u: str) -> str:\n    return requests.get(u).text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = runCLI(t, nil, "inspect", dir, filepath.Join(dir, "missing"), s.CloneURL("frank", "api"), "--format", "json", "--cache-dir", t.TempDir(), "-q")
	if res.code != exitError {
		t.Fatalf("exit %d, want %d (one target is missing): %s", res.code, exitError, res.stderr)
	}
	validateReport(t, "inspect", res.stdout)

	outDir := t.TempDir()
	res = runCLI(t, nil, "analyze", "frank", "--api-url", s.APIURL(), "--out-dir", outDir, "--cache-dir", t.TempDir(), "-q")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	data, err := os.ReadFile(filepath.Join(outDir, "frank.json"))
	if err != nil {
		t.Fatal(err)
	}
	validateReport(t, "default output", string(data))
}
