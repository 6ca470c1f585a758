package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/batch"
	"github.com/pyscout/pyscout/report"
)

// batchOptions are the flags of `pyscout batch`.
type batchOptions struct {
	rules    rulesOptions
	pipeline pipelineOptions
	cacheDir string
	outDir   string
	quiet    bool
	jobs     int
	wait     bool
	maxAge   time.Duration
	force    bool
	shard    string
}

// defaultBatchDir is where a batch writes when --out-dir is not given.
const defaultBatchDir = "pyscout-batch"

func newBatchCmd(s streams, getenv env) *cobra.Command {
	opts := &batchOptions{}
	cmd := &cobra.Command{
		Use:   "batch FILE",
		Short: "Analyse every GitHub user of a shortlist and compare them side by side",
		Long: `Analyse every GitHub user of a shortlist and write, in --out-dir, each
candidate's reports (LOGIN.html, LOGIN.md, LOGIN.json), index.html comparing
them side by side on facts (no score, no rank), summary.csv and a state file.

FILE is CSV with a header (a username column; name, role and notes optional)
or plain text, one username a line (blank lines and # comments ignored).
Usernames are checked before any request; duplicates are analysed once.

A re-run resumes: candidates analysed within --max-age with the same settings
are not analysed again (no request, no clone) unless --force. When the rate
limit runs out, the batch stops cleanly and says what is left, or with --wait
sleeps until the reset. --shard I/N takes a share of the list for one of N
machines; "pyscout batch merge" joins their outputs. See docs/batch.md.

Exit status:
  0    every candidate was analysed
  1    a candidate failed, a row of FILE was not taken, or the rate limit left
       candidates to do (everything else is written; re-run to resume)
  2    a mistake on the command line (a flag, FILE, --out-dir)
  130  interrupted (Ctrl-C): the state keeps every finished candidate; re-run
       to resume`,
		Example: "  pyscout batch shortlist.csv --stack django,celery\n  pyscout batch shortlist.txt --shard 0/4 --out-dir shard-0\n  pyscout batch merge shard-0 shard-1 shard-2 shard-3 --out-dir all",
		Args:    oneArg("a shortlist file", "one shortlist file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatch(cmd, s, getenv, opts, args[0])
		},
	}
	f := cmd.Flags()
	opts.rules.register(cmd)
	opts.pipeline.register(cmd, getenv)
	registerCacheDir(cmd, &opts.cacheDir)
	f.StringVar(&opts.outDir, "out-dir", defaultBatchDir, "directory for the reports, index.html, summary.csv and the state file")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print only errors and the final \"wrote DIR/index.html\" on standard error")
	f.IntVar(&opts.jobs, "jobs", batch.DefaultJobs, "candidates analysed at once (each candidate's clones keep their own bound)")
	f.BoolVar(&opts.wait, "wait", false, "when the rate limit runs out, sleep until it resets and go on")
	f.DurationVar(&opts.maxAge, "max-age", batch.DefaultMaxAge, "a candidate analysed within this time is not analysed again")
	f.BoolVar(&opts.force, "force", false, "analyse every candidate again, however recent its report")
	f.StringVar(&opts.shard, "shard", "", "I/N: analyse only the I-th of N shares of the list (I from 0), by a stable hash of each username")
	cmd.AddCommand(newBatchMergeCmd(s))
	return cmd
}

// batchFlags are the fields of batch.Options that flags set.
var batchFlags = []optionFlag{{"Jobs", "jobs"}, {"MaxAge", "max-age"}}

func runBatch(cmd *cobra.Command, s streams, getenv env, opts *batchOptions, file string) error {
	ctx := cmd.Context()
	shard := batch.Shard{}
	if opts.shard != "" {
		var err error
		if shard, err = batch.ParseShard(opts.shard); err != nil {
			return usageError{err}
		}
	}
	warmRules()
	// Each candidate's pipeline keeps analyze's own bound on clones.
	aopts := opts.pipeline.analyzerOptions(analyzer.DefaultJobs, opts.cacheDir)
	if err := opts.pipeline.resultsCache.apply(cmd, opts.rules.loadConfig, &aopts); err != nil {
		return err
	}
	if err := validateOptions(cmd, &aopts); err != nil {
		return err
	}
	bopts := batch.Options{OutDir: opts.outDir, Jobs: opts.jobs, MaxAge: opts.maxAge, Force: opts.force, Shard: shard, Wait: opts.wait,
		ToolVersion: toolVersion(), WriteFile: writeFileAtomic}
	if err := validateFlags(cmd, batchFlags, bopts.Validate); err != nil {
		return err
	}
	list, err := readShortlist(file)
	if err != nil {
		return err
	}
	if err := checkDir(opts.outDir, "--out-dir"); err != nil {
		return err
	}
	ruleSet, ruleOpts, err := opts.rules.resolve(cmd)
	if err != nil {
		return err
	}
	// Bad rows are errors even under -q; the others go on.
	for _, p := range list.Problems {
		fmt.Fprintf(s.ErrOut, "pyscout: %s: %s\n", oneLine(file), oneLine(p.String()))
	}
	if !opts.quiet {
		for _, p := range list.Duplicates {
			fmt.Fprintf(s.ErrOut, "pyscout: %s: %s\n", oneLine(file), oneLine(p.String()))
		}
	}
	if len(list.Candidates) == 0 {
		return usageError{fmt.Errorf("%s holds no GitHub username to analyse", file)}
	}
	// One client and one rate budget for every candidate: the budget fails
	// a request at once when the window is spent (the batch then stops or,
	// with --wait, sleeps until the reset itself) and makes a secondary
	// limit met by one candidate pause them all.
	httpCache := openHTTPCache(s, aopts.CacheDir, opts.pipeline.noHTTPCache, opts.quiet)
	budget := github.NewBudget(github.BudgetOptions{})
	gh, err := newGitHubClient(ctx, s, getenv, opts.pipeline.apiURL, opts.quiet, github.Options{HTTPCache: httpCache, Budget: budget})
	if err != nil {
		return err
	}
	aopts.Libraries = ruleOpts.Libraries
	progress := newBatchProgress(s, opts.quiet)
	defer progress.finish()
	bopts.Analyze = func(ctx context.Context, login string, events func(analyzer.Event)) (*report.Report, error) {
		o := aopts
		o.Progress = events
		return analyzeReport(ctx, gh, login, o, ruleSet, ruleOpts)
	}
	bopts.Budget = gh
	bopts.Stack = ruleOpts.Stack
	bopts.Settings = batchSettings(opts, ruleOpts.Stack, ruleOpts.Level, ruleOpts.Questions)
	bopts.Progress = progress.event
	res, err := batch.Run(ctx, list, bopts)
	progress.finish()
	if res != nil && res.Index != "" {
		if err := (report.BatchTable{Width: s.Width}).Render(s.Out, &report.Batch{Rows: res.Rows}); err != nil {
			return err
		}
		fmt.Fprintf(s.ErrOut, "pyscout: wrote %s\n", res.Index)
	}
	if err != nil {
		return err
	}
	if n := len(list.Problems); n > 0 {
		return fmt.Errorf("%d %s of %s not taken (see the lines above)", n, plural(n, "row was", "rows were"), file)
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// readShortlist opens and parses the shortlist; a file that cannot be
// used is a mistake on the command line.
func readShortlist(file string) (*batch.Shortlist, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, usageError{fmt.Errorf("shortlist: %w", err)}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && !info.Mode().IsRegular() {
		return nil, usageError{fmt.Errorf("shortlist %s is not a regular file", file)}
	}
	list, err := batch.ReadShortlist(f)
	if err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", file, err)}
	}
	return list, nil
}

// batchSettings fingerprints the options that shape a candidate's report,
// so that a resumed batch analyses again those done with other settings.
func batchSettings(opts *batchOptions, stack []string, level string, questions int) string {
	p := opts.pipeline
	// The user's rule and library files, whether named by flags or by
	// the config file: their contents shape the report as much as the
	// flags do.
	rulesText := make([]string, 0, len(opts.rules.usedRuleFiles))
	for _, f := range opts.rules.usedRuleFiles {
		data, _ := os.ReadFile(f) // loaded already; an error would have stopped the run
		rulesText = append(rulesText, string(data))
	}
	var librariesText string
	if f := opts.rules.librariesFile; f != "" {
		data, _ := os.ReadFile(f)
		librariesText = string(data)
	}
	b, _ := json.Marshal(map[string]any{
		"stack": stack, "level": level, "questions": questions, "rules": rulesText, "libraries": librariesText, "include_forks": p.includeForks,
		"max_repos": p.maxRepos, "max_repo_mb": p.maxRepoMB, "no_history": p.noHistory, "history_depth": p.historyDepth,
		"api_url": p.apiURL, "version": toolVersion(),
	})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

func newBatchMergeCmd(s streams) *cobra.Command {
	var outDir string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "merge DIR...",
		Short: "Join the outputs of batch shards into one index and summary",
		Long: `Join the output directories of "pyscout batch --shard I/N" runs of one
shortlist into --out-dir: the candidates' reports are copied, and index.html,
summary.csv and the state cover the whole list in its order, as one
unsharded run would have written them. A candidate in no shard's output is
listed as pending.`,
		Example: "  pyscout batch merge shard-0 shard-1 --out-dir all",
		Args:    minArgs(1, "a shard's output directory"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkDir(outDir, "--out-dir"); err != nil {
				return err
			}
			res, err := batch.Merge(cmd.Context(), args, batch.MergeOptions{OutDir: outDir, ToolVersion: toolVersion(), WriteFile: writeFileAtomic})
			if err != nil {
				if errors.Is(err, batch.ErrState) {
					return usageError{err}
				}
				return err
			}
			if err := (report.BatchTable{Width: s.Width}).Render(s.Out, &report.Batch{Rows: res.Rows}); err != nil {
				return err
			}
			fmt.Fprintf(s.ErrOut, "pyscout: wrote %s\n", res.Index)
			if res.Failed > 0 || res.Pending > 0 {
				return &batch.IncompleteError{Failed: res.Failed, Pending: res.Pending}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&outDir, "out-dir", defaultBatchDir, "directory for the joined reports, index.html, summary.csv and state")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only errors and the final \"wrote DIR/index.html\"")
	return cmd
}
