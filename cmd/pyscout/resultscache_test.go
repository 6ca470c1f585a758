package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
)

// cacheUse runs inspect on a small directory and returns the profile's
// cache.results.
func cacheUse(t *testing.T, args ...string) (map[string]any, result) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte("import os\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runCLI(t, nil, append([]string{"inspect", dir, "--format", "json", "-q"}, args...)...)
	if res.code != 0 {
		return nil, res
	}
	var out struct {
		Cache struct {
			Results map[string]any `json:"results"`
		} `json:"cache"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out.Cache.Results, res
}

func TestResultsCacheFlags(t *testing.T) {
	cfgDir := t.TempDir()
	cfg := filepath.Join(cfgDir, "config.toml")
	if err := os.WriteFile(cfg, []byte("results_cache_mb = 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		args    []string
		enabled bool
	}{
		{"default", nil, true},
		{"a bound", []string{"--results-cache-mb", "5"}, true},
		{"off", []string{"--no-results-cache"}, false},
		{"zero disables", []string{"--results-cache-mb", "0"}, false},
		{"config disables", []string{"--config", cfg}, false},
		// The near miss: the flag wins over the config file.
		{"flag over config", []string{"--config", cfg, "--results-cache-mb", "5"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			use, res := cacheUse(t, append([]string{"--cache-dir", t.TempDir()}, c.args...)...)
			if res.code != 0 {
				t.Fatalf("exit %d: %s", res.code, res.stderr)
			}
			if use["enabled"] != c.enabled || use["files_parsed"] != 1.0 {
				t.Fatalf("cache.results = %v, want enabled %v and one file parsed", use, c.enabled)
			}
		})
	}
	_, res := cacheUse(t, "--cache-dir", t.TempDir(), "--results-cache-mb", "-1")
	if res.code != 2 || res.stderr != "pyscout: --results-cache-mb must be between 0 and 1000000, not -1\n" {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
}

// TestConfigReadOnce checks that the results cache's bound and the rules
// come from one read of the config file: once read, the file is not read
// again (here it is gone, and the rules still get its stack).
func TestConfigReadOnce(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte("results_cache_mb = 7\nstack = [\"django\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := &cobra.Command{}
	o := &rulesOptions{}
	o.register(cmd)
	var res resultsCacheOptions
	res.register(cmd)
	if err := cmd.ParseFlags([]string{"--config", cfg}); err != nil {
		t.Fatal(err)
	}
	var aopts analyzer.Options
	if err := res.apply(cmd, o.loadConfig, &aopts); err != nil || aopts.ResultsCacheMB != 7 {
		t.Fatalf("bound %d, err %v; want 7 from the config", aopts.ResultsCacheMB, err)
	}
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	_, ropts, err := o.resolve(cmd)
	if err != nil || len(ropts.Stack) != 1 || ropts.Stack[0] != "django" {
		t.Fatalf("stack %v, err %v; want the config's, read before", ropts.Stack, err)
	}
}
