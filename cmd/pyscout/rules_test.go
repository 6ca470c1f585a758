package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRulesCommands(t *testing.T) {
	res := runCLI(t, nil, "rules", "list")
	if res.code != 0 || !strings.Contains(res.stdout, "oop-multilevel-inheritance") || !strings.Contains(res.stdout, "exercise-palindrome") || !strings.Contains(res.stdout, "deep-central-module") {
		t.Errorf("rules list: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "team.toml")
	if err := os.WriteFile(good, []byte(`[[rule]]
id = "team-k8s"
title = "Kubernetes"
category = "practices"
topic = "deployment"
level = "mid"
priority = 10
when = "stack(\"kubernetes\")"
question = "How would you run this service on Kubernetes?"
listen_for = ["probes", "resource limits"]
tags = ["kubernetes"]
samples.trigger = { "stack" = ["kubernetes"] }
samples.quiet = { "stack" = [] }
`), 0o644); err != nil {
		t.Fatal(err)
	}
	res = runCLI(t, nil, "rules", "check", good)
	if res.code != 0 || !strings.HasPrefix(res.stdout, "ok: ") {
		t.Errorf("rules check good: exit %d %q %q", res.code, res.stdout, res.stderr)
	}
	bad := filepath.Join(dir, "bad.toml")
	text, _ := os.ReadFile(good)
	if err := os.WriteFile(bad, []byte(strings.Replace(string(text), `when = "stack(\"kubernetes\")"`, `when = "stack(\"kubernetes\") &&"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res = runCLI(t, nil, "rules", "check", bad)
	if res.code != exitError || !strings.Contains(res.stderr, bad+":8: rule \"team-k8s\": field when:") || strings.Count(res.stderr, "\n") != 1 {
		t.Errorf("rules check bad: exit %d, stderr %q", res.code, res.stderr)
	}
	// A sample that does not behave is caught by check.
	wrong := filepath.Join(dir, "wrong.toml")
	if err := os.WriteFile(wrong, []byte(strings.Replace(string(text), `samples.quiet = { "stack" = [] }`, `samples.quiet = { "stack" = ["kubernetes"] }`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res = runCLI(t, nil, "rules", "check", wrong)
	if res.code != exitError || !strings.Contains(res.stderr, "quiet sample fires the rule") {
		t.Errorf("rules check wrong samples: exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestQuestionsInReports(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.py"), []byte("from flask import Flask\n\napp = Flask(__name__)\nclass A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runCLI(t, nil, "inspect", dir, "--format", "json", "--stack", "flask,celery", "--questions", "6", "--level", "senior")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var doc struct {
		Questions []struct {
			Rule      string   `json:"rule"`
			Text      string   `json:"text"`
			ListenFor []string `json:"listen_for"`
			Stack     bool     `json:"stack"`
			Evidence  []struct {
				Repo string `json:"repo"`
				Path string `json:"path"`
				Line int    `json:"line"`
			} `json:"evidence"`
		} `json:"questions"`
		Checklist []struct {
			ID        string `json:"id"`
			Evidenced bool   `json:"evidenced"`
		} `json:"checklist"`
		Stack []struct {
			Name     string `json:"name"`
			Evidence bool   `json:"evidence"`
		} `json:"stack"`
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	// Deep dives on the project come first (at most half of the 4 slots
	// left after the exercise and soft skills); the stack's question leads
	// the topic questions after them.
	var topics []int
	for i, q := range doc.Questions {
		if !strings.HasPrefix(q.Rule, "deep-") {
			topics = append(topics, i)
		}
	}
	if len(doc.Questions) != 6 || len(topics) < 3 || doc.Questions[topics[0]].Rule != "lib-flask" || !doc.Questions[topics[0]].Stack {
		t.Fatalf("questions %+v", doc.Questions)
	}
	var rules []string
	for _, q := range doc.Questions {
		rules = append(rules, q.Rule)
		if len(q.ListenFor) == 0 {
			t.Errorf("%s has nothing to listen for", q.Rule)
		}
	}
	joined := strings.Join(rules, ",")
	if !strings.Contains(joined, "exercise-lru-cache") || !strings.Contains(joined, "oop-multilevel-inheritance") {
		t.Errorf("questions %s: want the senior exercise and the multilevel chain", joined)
	}
	for _, q := range doc.Questions {
		if q.Rule == "oop-multilevel-inheritance" && (len(q.Evidence) == 0 || q.Evidence[0].Path != "app.py" || q.Evidence[0].Line != 12) {
			t.Errorf("multilevel evidence %+v", q.Evidence)
		}
	}
	if len(doc.Checklist) != 6 || len(doc.Stack) != 2 || !doc.Stack[0].Evidence || doc.Stack[1].Evidence {
		t.Errorf("checklist %d items, stack %+v", len(doc.Checklist), doc.Stack)
	}

	res = runCLI(t, nil, "inspect", dir, "--format", "md", "--level", "expert")
	if res.code != exitUsage || !strings.Contains(res.stderr, "--level must be junior, mid or senior") {
		t.Errorf("bad level: exit %d %q", res.code, res.stderr)
	}
	res = runCLI(t, nil, "inspect", dir, "--format", "md")
	for _, want := range []string{"## Hiring checklist", "## Suggested questions", "A strong answer covers:", "No evidence in public code."} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}
