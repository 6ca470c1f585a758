package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
)

type inspectOptions struct {
	output   outputOptions
	rules    rulesOptions
	jobs     int
	cacheDir string
	results  resultsCacheOptions
}

func newInspectCmd(s streams, getenv env) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:   "inspect PATH_OR_GIT_URL...",
		Short: "Analyse local directories or git URLs, without the GitHub API",
		Long: `Analyse local directories or git URLs (a take-home assignment, a GitLab
project, a checkout) with the same analysis as "analyze", without the GitHub API.

With neither --format nor -o, pyscout prints a summary table and writes
pyscout-reports/inspect.html, inspect.md and inspect.json (see --out-dir).
When no target can be read, the error comes alone and no report is written.

` + exitStatusHelp,
		Example: "  pyscout inspect ./take-home\n  pyscout inspect https://gitlab.com/someone/project.git --format json",
		Args:    minArgs(1, "a directory or git URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			warmRules()
			aopts := analyzer.Options{Jobs: opts.jobs, CacheDir: opts.cacheDir}
			if err := opts.results.apply(cmd, opts.rules.loadConfig, &aopts); err != nil {
				return err
			}
			if err := validateOptions(cmd, &aopts); err != nil {
				return err
			}
			render, err := opts.output.resolve(getenv)
			if err != nil {
				return err
			}
			if err := opts.output.preflight("inspect"); err != nil {
				return err
			}
			ruleSet, ruleOpts, err := opts.rules.resolve(cmd)
			if err != nil {
				return err
			}
			progress := newProgress(s, opts.output.quiet)
			defer progress.finish()
			aopts.Progress, aopts.Libraries = progress.event, ruleOpts.Libraries
			profile, err := analyzer.Inspect(cmd.Context(), args, aopts)
			progress.finish()
			if err != nil {
				return err
			}
			printSkipDetails(cmd, s, profile)
			var failed error
			if n := len(profile.Skipped); n > 0 {
				reasons := make([]string, 0, n)
				for _, sk := range profile.Skipped {
					reasons = append(reasons, sk.Name+": "+sk.Reason)
				}
				failed = fmt.Errorf("%d of %d targets could not be analysed (%s)", n, len(args), strings.Join(reasons, "; "))
				// Nothing read: the error alone, not an empty report.
				if len(profile.Repos) == 0 {
					return failed
				}
			}
			set, err := ruleSet()
			if err != nil {
				return err
			}
			if err := renderWithRules(cmd.Context(), s, render, profile, set, ruleOpts, "inspect"); err != nil {
				return err
			}
			return failed
		},
	}
	opts.output.register(cmd)
	opts.rules.register(cmd)
	registerCommon(cmd, &opts.jobs, &opts.cacheDir)
	opts.results.register(cmd)
	return cmd
}
