package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github"
)

// analyzeOptions are the flags of `pyscout analyze`.
type analyzeOptions struct {
	output       outputOptions
	rules        rulesOptions
	apiURL       string
	includeForks bool
	maxRepos     int
	maxRepoMB    int
	jobs         int
	cacheDir     string
	noHistory    bool
	historyDepth int
	resultsCache resultsCacheOptions
}

func newAnalyzeCmd(s streams, getenv env) *cobra.Command {
	opts := &analyzeOptions{}
	cmd := &cobra.Command{
		Use:     "analyze USER",
		Aliases: []string{"analyse"},
		Short:   "Analyse the public Python repositories of a GitHub user",
		Long: `Analyse the public Python repositories of a GitHub user or organisation.

With neither --format nor -o, pyscout prints a summary table and writes
pyscout-reports/USER.html, USER.md and USER.json (see --out-dir).

The GitHub token comes from GH_TOKEN, then GITHUB_TOKEN, then "gh auth token".
Without one, GitHub allows 60 requests an hour.

` + exitStatusHelp,
		Example: "  pyscout analyze octocat\n  pyscout analyze octocat --format json -o octocat.json",
		Args:    oneArg("a GitHub username", "one username"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAnalyze(cmd, s, getenv, opts, args[0])
		},
	}
	f := cmd.Flags()
	opts.output.register(cmd)
	opts.rules.register(cmd)
	defaultAPI := getenv("GITHUB_API_URL")
	if defaultAPI == "" {
		defaultAPI = github.DefaultAPIURL
	}
	f.StringVar(&opts.apiURL, "api-url", defaultAPI, "GitHub REST API root (env GITHUB_API_URL); for GitHub Enterprise https://HOST/api/v3/")
	f.BoolVar(&opts.includeForks, "include-forks", false, "analyse forks too")
	f.IntVar(&opts.maxRepos, "max-repos", analyzer.DefaultMaxRepos, "analyse at most this many Python repositories, most recently pushed first")
	f.IntVar(&opts.maxRepoMB, "max-repo-mb", analyzer.DefaultMaxRepoMB, "skip repositories GitHub reports as larger than this many MB")
	f.BoolVar(&opts.noHistory, "no-history", false, "skip authorship and activity: no history fetched, no events or attribution requests")
	f.IntVar(&opts.historyDepth, "history-depth", analyzer.DefaultHistoryDepth, "fetch at most this many commits of history per repository")
	registerCommon(cmd, &opts.jobs, &opts.cacheDir)
	opts.resultsCache.register(cmd)
	return cmd
}

func runAnalyze(cmd *cobra.Command, s streams, getenv env, opts *analyzeOptions, login string) error {
	ctx := cmd.Context()
	if err := github.ValidateLogin(login); err != nil {
		return err
	}
	aopts := analyzer.Options{
		Jobs:         opts.jobs,
		MaxRepos:     opts.maxRepos,
		MaxRepoMB:    opts.maxRepoMB,
		IncludeForks: opts.includeForks,
		CacheDir:     opts.cacheDir,
		NoHistory:    opts.noHistory,
		HistoryDepth: opts.historyDepth,
	}
	if err := opts.resultsCache.apply(cmd, opts.rules.config, &aopts); err != nil {
		return err
	}
	if err := validateOptions(cmd, &aopts); err != nil {
		return err
	}
	render, err := opts.output.resolve(getenv)
	if err != nil {
		return err
	}
	if err := opts.output.preflight(login); err != nil {
		return err
	}
	ruleSet, ruleOpts, err := opts.rules.resolve(cmd)
	if err != nil {
		return err
	}
	token, _ := resolveToken(ctx, getenv, opts.apiURL)
	if token == "" && !opts.output.quiet {
		fmt.Fprintf(s.ErrOut, "pyscout: no GitHub token found (GH_TOKEN, GITHUB_TOKEN or `gh auth token`); running unauthenticated, limited to %d requests an hour\n", github.UnauthenticatedLimit)
	}
	gh, err := github.NewClient(github.Options{APIURL: opts.apiURL, Token: token, UserAgent: "pyscout/" + toolVersion()})
	if err != nil {
		return usageError{err}
	}
	for _, w := range gh.Warnings() {
		if !opts.output.quiet {
			fmt.Fprintln(s.ErrOut, "pyscout: warning: "+oneLine(w))
		}
	}
	progress := newProgress(s, opts.output.quiet)
	defer progress.finish()
	aopts.Progress, aopts.Libraries = progress.event, ruleOpts.Libraries
	profile, err := analyzer.AnalyzeUser(ctx, gh, login, aopts)
	progress.finish()
	// Repositories found and none analysed: the report is still written
	// (it says why), then the run fails.
	var none *analyzer.NothingAnalysedError
	if err != nil && !errors.As(err, &none) {
		if errors.Is(err, github.ErrNotFound) {
			return fmt.Errorf("no GitHub user %q", login)
		}
		return err
	}
	printSkipDetails(cmd, s, profile)
	if err := renderWithRules(ctx, s, render, profile, ruleSet, ruleOpts, profile.Login); err != nil {
		return err
	}
	if none != nil {
		return none
	}
	return nil
}
