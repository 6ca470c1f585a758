package rules

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadUserRules loads any bytes as a user's rule file, as `--rules FILE` and
// `pyscout rules check FILE` do: the loader returns a *LoadError naming the file,
// or a set whose rules check their samples and evaluate a profile, and never
// panics. The fuzzed set holds the user's file alone: it runs the same reading
// and validation as Load, without recompiling the built-in rules for each input
// (half a second each; TestLoadErrors covers Load's own path).
func FuzzLoadUserRules(f *testing.F) {
	for _, s := range []string{
		"[[rule]]\nid = \"team-async\"\ntitle = \"Async\"\ncategory = \"concurrency\"\ntopic = \"async\"\nlevel = \"mid\"\n" +
			"when = \"concurrency.asyncio.count > 0\"\nquestion = \"How do you cancel a task?\"\nlisten_for = [\"CancelledError\"]\n" +
			"[rule.samples.trigger]\n\"concurrency.asyncio.count\" = 2\n[rule.samples.quiet]\n\"concurrency.asyncio.count\" = 0\n",
		"[[rule]]\nid = \"x\"\nwhen = \"(((((\"\n",
		"[[rule]]\nid = \"x\"\ntitle = \"t\"\ncategory = \"oop\"\ntopic = \"t\"\nlevel = \"senior\"\nwhen = \"true\"\nquestion = \"{=1/0} {nope}\"\nlisten_for = [\"a\"]\n",
		"[[checklist]]\nid = \"c\"\ntitle = \"t\"\nwhen = \"repos > 0\"\nanswer = \"{count} {path}\"\n",
		"[[rule]]\nid = \"Bad ID\"\n[[rule]]\nid = \"Bad ID\"\n",
		"unknown = 1\n[[rule]]\nextra = true\n",
		"[[rule]]\nid = \"t\"\nwhen = \"" + strings.Repeat("(", 200) + "true" + strings.Repeat(")", 200) + "\"\n",
		"a = " + strings.Repeat("[", 64) + strings.Repeat("]", 64) + "\n",
		"[[rule]]\nid = \"\xff\xfe\"\n",
		"[[deep]]\nid = \"deep-x\"\ntitle = \"{repo}\"\nsource = \"decision\"\nmatch = [\"init_app\"]\nlevel = \"mid\"\n" +
			"question = \"At {location}: {text}\"\nlisten_for = [\"{text}\", \"{places} {defines}\"]\nfollow_ups = [\"{reference_tests}\"]\n",
		"[[deep]]\nid = \"deep-c\"\ntitle = \"{path}\"\nsource = \"central\"\nlevel = \"mid\"\nquestion = \"{why} {nope}\"\nlisten_for = [\"{share}\"]\n",
	} {
		f.Add([]byte(s))
	}
	// A profile with briefs, so that fuzzed deep-dive templates are filled.
	prof := projectsProfile()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		path := filepath.Join(t.TempDir(), "team-rules.toml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		set := &Set{}
		err := set.add(path, data, true)
		if err == nil {
			err = set.validate(true)
		}
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || le.File != path || !strings.HasPrefix(err.Error(), path) {
				t.Fatalf("error %q (%T) does not name the file %s", err, err, path)
			}
			return
		}
		for _, r := range set.Rules {
			_ = r.CheckSamples()
		}
		if _, err := set.Evaluate(prof, Options{}); err != nil {
			// A condition can fail at run time (a division by zero): an error, not a panic.
			return
		}
	})
}
