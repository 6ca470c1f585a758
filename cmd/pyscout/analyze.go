package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/report"
	"github.com/pyscout/pyscout/rules"
)

// analyzeOptions are the flags of `pyscout analyze`.
type analyzeOptions struct {
	output   outputOptions
	rules    rulesOptions
	pipeline pipelineOptions
	jobs     int
	cacheDir string
}

// pipelineOptions are the per-candidate flags of the GitHub pipeline,
// shared by analyze and batch.
type pipelineOptions struct {
	apiURL       string
	includeForks bool
	maxRepos     int
	maxRepoMB    int
	noHistory    bool
	historyDepth int
	noHTTPCache  bool
	resultsCache resultsCacheOptions
}

func (o *pipelineOptions) register(cmd *cobra.Command, getenv env) {
	f := cmd.Flags()
	defaultAPI := getenv("GITHUB_API_URL")
	if defaultAPI == "" {
		defaultAPI = github.DefaultAPIURL
	}
	f.StringVar(&o.apiURL, "api-url", defaultAPI, "GitHub REST API root (env GITHUB_API_URL); for GitHub Enterprise https://HOST/api/v3/")
	f.BoolVar(&o.includeForks, "include-forks", false, "analyse forks too")
	f.IntVar(&o.maxRepos, "max-repos", analyzer.DefaultMaxRepos, "analyse at most this many Python repositories, most recently pushed first")
	f.IntVar(&o.maxRepoMB, "max-repo-mb", analyzer.DefaultMaxRepoMB, "skip repositories GitHub reports as larger than this many MB")
	f.BoolVar(&o.noHistory, "no-history", false, "skip authorship and activity: no history fetched, no events or attribution requests")
	f.IntVar(&o.historyDepth, "history-depth", analyzer.DefaultHistoryDepth, "fetch at most this many commits of history per repository")
	f.BoolVar(&o.noHTTPCache, "no-http-cache", false, "keep no GitHub API answers in the cache directory: every request is sent whole")
	o.resultsCache.register(cmd)
}

// analyzerOptions are the pipeline's options from the flags.
func (o *pipelineOptions) analyzerOptions(jobs int, cacheDir string) analyzer.Options {
	return analyzer.Options{
		Jobs:         jobs,
		MaxRepos:     o.maxRepos,
		MaxRepoMB:    o.maxRepoMB,
		IncludeForks: o.includeForks,
		CacheDir:     cacheDir,
		NoHistory:    o.noHistory,
		HistoryDepth: o.historyDepth,
	}
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
	opts.output.register(cmd)
	opts.rules.register(cmd)
	opts.pipeline.register(cmd, getenv)
	registerCommon(cmd, &opts.jobs, &opts.cacheDir)
	return cmd
}

func runAnalyze(cmd *cobra.Command, s streams, getenv env, opts *analyzeOptions, login string) error {
	ctx := cmd.Context()
	if err := github.ValidateLogin(login); err != nil {
		return err
	}
	warmRules()
	aopts := opts.pipeline.analyzerOptions(opts.jobs, opts.cacheDir)
	if err := opts.pipeline.resultsCache.apply(cmd, opts.rules.loadConfig, &aopts); err != nil {
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
	httpCache := openHTTPCache(s, aopts.CacheDir, opts.pipeline.noHTTPCache, opts.output.quiet)
	gh, err := newGitHubClient(ctx, s, getenv, opts.pipeline.apiURL, opts.output.quiet, github.Options{HTTPCache: httpCache})
	if err != nil {
		return err
	}
	progress := newProgress(s, opts.output.quiet)
	defer progress.finish()
	aopts.Progress, aopts.Libraries = progress.event, ruleOpts.Libraries
	doc, err := analyzeReport(ctx, gh, login, aopts, ruleSet, ruleOpts)
	progress.finish()
	// Repositories found and none analysed: the report is still written
	// (it says why), then the run fails.
	var none *analyzer.NothingAnalysedError
	if err != nil && !errors.As(err, &none) {
		return err
	}
	printSkipDetails(cmd, s, doc.Profile)
	if err := render(ctx, s, doc, doc.Profile.Login); err != nil {
		return err
	}
	if none != nil {
		return none
	}
	return nil
}

// newGitHubClient finds the token and makes the client, saying (unless
// quiet) when there is no token and what the client warns about.
//
// extra carries the options the command chooses beyond the API and the
// token: the HTTP cache, a shared rate budget.
func newGitHubClient(ctx context.Context, s streams, getenv env, apiURL string, quiet bool, extra github.Options) (*github.Client, error) {
	token, _ := resolveToken(ctx, getenv, apiURL)
	if token == "" && !quiet {
		fmt.Fprintf(s.ErrOut, "pyscout: no GitHub token found (GH_TOKEN, GITHUB_TOKEN or `gh auth token`); running unauthenticated, limited to %d requests an hour\n", github.UnauthenticatedLimit)
	}
	extra.APIURL, extra.Token, extra.UserAgent = apiURL, token, "pyscout/"+toolVersion()
	gh, err := github.NewClient(extra)
	if err != nil {
		return nil, usageError{err}
	}
	for _, w := range gh.Warnings() {
		if !quiet {
			fmt.Fprintln(s.ErrOut, "pyscout: warning: "+oneLine(w))
		}
	}
	return gh, nil
}

// analyzeReport analyses one GitHub user and applies the rules: the work
// of `pyscout analyze` and of each candidate of `pyscout batch`. When
// repositories were found and none could be analysed, the report comes
// with the *analyzer.NothingAnalysedError.
func analyzeReport(ctx context.Context, gh *github.Client, login string, aopts analyzer.Options, ruleSet ruleSetFunc, ropts rules.Options) (*report.Report, error) {
	profile, err := analyzer.AnalyzeUser(ctx, gh, login, aopts)
	var none *analyzer.NothingAnalysedError
	if err != nil && !errors.As(err, &none) {
		if errors.Is(err, github.ErrNotFound) {
			return nil, noUserError{login, err}
		}
		return nil, err
	}
	set, rerr := ruleSet()
	if rerr != nil {
		return nil, rerr
	}
	doc, rerr := buildReport(profile, set, ropts)
	if rerr != nil {
		return nil, rerr
	}
	return doc, err
}

// noUserError says that the login names no GitHub account; it still
// matches github.ErrNotFound.
type noUserError struct {
	login string
	err   error
}

func (e noUserError) Error() string { return fmt.Sprintf("no GitHub user %q", e.login) }
func (e noUserError) Unwrap() error { return e.err }
