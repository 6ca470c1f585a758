package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The README's flag table is the user's reference: every flag that
// `analyze --help`, `inspect --help` and `pyscout --help` print is in it,
// nothing else is, and a flag marked "analyze:" is not inspect's.
func TestReadmeFlagTableMatchesHelp(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| `(?:-[a-z], )?--([a-z-]+)[^`]*` \\|[^|]*\\| (analyze: |cache clean: )?")
	batchRow := regexp.MustCompile("^\\| `(?:-[a-z], )?--([a-z-]+)[^`]*` \\|[^|]*\\| batch: ")
	documented := map[string]bool{} // flag -> analyze's alone
	cacheOnly := map[string]bool{}  // flag -> cache clean's alone
	batchDocumented := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if m := batchRow.FindStringSubmatch(line); m != nil {
			batchDocumented[m[1]] = true
		} else if m := row.FindStringSubmatch(line); m != nil {
			documented[m[1]] = m[2] == "analyze: "
			cacheOnly[m[1]] = m[2] == "cache clean: "
		}
	}
	root := newRootCmd(streams{}, func(string) string { return "" })
	root.InitDefaultHelpFlag()
	root.InitDefaultVersionFlag()
	flagsOf := func(cmd *cobra.Command) map[string]bool {
		cmd.InitDefaultHelpFlag()
		out := map[string]bool{}
		cmd.Flags().VisitAll(func(f *pflag.Flag) { out[f.Name] = true })
		cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) { out[f.Name] = true })
		return out
	}
	analyze, _, _ := root.Find([]string{"analyze"})
	inspect, _, _ := root.Find([]string{"inspect"})
	cacheInfo, _, _ := root.Find([]string{"cache", "info"})
	cacheClean, _, _ := root.Find([]string{"cache", "clean"})
	inHelp := map[string]bool{}
	for _, cmd := range []*cobra.Command{root, analyze, inspect, cacheInfo, cacheClean} {
		for name := range flagsOf(cmd) {
			inHelp[name] = true
		}
	}
	inspectFlags := flagsOf(inspect)
	for name := range inHelp {
		if _, ok := documented[name]; !ok {
			t.Errorf("--%s is in --help, not in the README's flag table", name)
		}
	}
	var names []string
	for name, analyzeOnly := range documented {
		names = append(names, name)
		if !inHelp[name] {
			t.Errorf("--%s is in the README's flag table, not in --help", name)
		}
		if cacheOnly[name] {
			if !flagsOf(cacheClean)[name] || flagsOf(cacheInfo)[name] || inspectFlags[name] {
				t.Errorf("--%s: the table says cache clean's alone, but it is not", name)
			}
			continue
		}
		if analyzeOnly == inspectFlags[name] && name != "version" {
			t.Errorf("--%s: the table says analyze's alone = %v, but inspect has it = %v", name, analyzeOnly, inspectFlags[name])
		}
	}
	// Batch: its own flags are in its table, the shared ones in the
	// main table.
	batchCmd, _, _ := root.Find([]string{"batch"})
	batchFlags := flagsOf(batchCmd)
	for name := range batchFlags {
		if _, shared := documented[name]; !shared && !batchDocumented[name] {
			t.Errorf("batch --%s is in no flag table of the README", name)
		}
	}
	for name := range batchDocumented {
		if !batchFlags[name] {
			t.Errorf("--%s is in the README's batch table, not in batch --help", name)
		}
	}
	if len(batchDocumented) < 5 {
		t.Errorf("batch flag table not found in README.md: %v", batchDocumented)
	}
	// Near-miss: the table was found at all.
	if !slices.Contains(names, "jobs") || len(names) < 10 {
		t.Fatalf("flag table not found in README.md: %v", names)
	}
}
