package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/report"
	"github.com/pyscout/pyscout/rules"
)

// outputOptions are the flags that choose where reports go.
type outputOptions struct {
	format  string
	outFile string
	outDir  string
	quiet   bool
}

func (o *outputOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "", "report format: "+strings.Join(report.Formats(), ", ")+" (default: a summary table, plus HTML, Markdown and JSON files in --out-dir)")
	f.StringVarP(&o.outFile, "output", "o", "", "write the report to this file instead of standard output")
	f.StringVar(&o.outDir, "out-dir", "pyscout-reports", "directory for the HTML, Markdown and JSON reports when neither --format nor -o is given")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print no progress or notices on standard error")
}

// renderFunc writes the reports for a finished profile and its rules.
type renderFunc func(ctx context.Context, s streams, doc *report.Report, name string) error

// resolve checks the flags before any work starts and returns what to do
// with the profile at the end. getenv is read for NO_COLOR.
func (o *outputOptions) resolve(getenv env) (renderFunc, error) {
	// Colour only on a terminal, never with NO_COLOR, and never in a file.
	terminal := func(s streams) report.Options {
		return report.Options{Color: report.ColorAllowed(s.OutTTY, getenv)}
	}
	var r report.Renderer
	if o.format != "" {
		var err error
		if r, err = report.ForFormat(o.format); err != nil {
			return nil, usageError{err}
		}
	} else if o.outFile != "" {
		if r = report.ForPath(o.outFile); r == nil {
			return nil, usageError{fmt.Errorf("cannot tell the format of %q from its extension: add --format (%s)", o.outFile, strings.Join(report.Formats(), ", "))}
		}
	}
	if r != nil {
		return func(ctx context.Context, s streams, doc *report.Report, _ string) error {
			if o.outFile == "" {
				return report.WithOptions(r, terminal(s)).Render(s.Out, doc)
			}
			if err := writeAtomic(ctx, o.outFile, r, doc); err != nil {
				return err
			}
			if !o.quiet {
				fmt.Fprintf(s.ErrOut, "pyscout: wrote %s\n", o.outFile)
			}
			return nil
		}, nil
	}
	return func(ctx context.Context, s streams, doc *report.Report, name string) error {
		var written []string
		for _, fr := range []report.Renderer{report.HTML{}, report.Markdown{}, report.JSON{}} {
			path := filepath.Join(o.outDir, name+"."+fr.Ext())
			if err := writeAtomic(ctx, path, fr, doc); err != nil {
				return err
			}
			written = append(written, path)
		}
		if err := report.WithOptions(report.Table{}, terminal(s)).Render(s.Out, doc); err != nil {
			return err
		}
		if !o.quiet {
			fmt.Fprintf(s.ErrOut, "pyscout: wrote %s\n", strings.Join(written, ", "))
		}
		return nil
	}, nil
}

// writeAtomic renders into a temporary file beside path and renames it into
// place, so an interrupted run never leaves a half-written report.
func writeAtomic(ctx context.Context, path string, r report.Renderer, doc *report.Report) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := r.Render(tmp, doc); err != nil {
		tmp.Close()
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	return nil
}

// registerCommon adds the flags every analysing command shares.
func registerCommon(cmd *cobra.Command, jobs *int, cacheDir *string) {
	f := cmd.Flags()
	f.IntVar(jobs, "jobs", analyzer.DefaultJobs, "repositories cloned and analysed at once")
	f.StringVar(cacheDir, "cache-dir", "", "where clones are kept and reused (default $XDG_CACHE_HOME/pyscout)")
}

func validateCommon(jobs, maxRepos, maxRepoMB int) error {
	switch {
	case jobs < 1 || jobs > 64:
		return usageError{fmt.Errorf("--jobs must be between 1 and 64, not %d", jobs)}
	case maxRepos < 1:
		return usageError{fmt.Errorf("--max-repos must be at least 1, not %d", maxRepos)}
	case maxRepoMB < 1:
		return usageError{fmt.Errorf("--max-repo-mb must be at least 1, not %d", maxRepoMB)}
	}
	return nil
}

// exactArgs and minArgs give argument errors that say what was expected.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("%s needs %s (see %s --help)", cmd.CommandPath(), what, cmd.CommandPath())}
		}
		return nil
	}
}

func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{fmt.Errorf("%s needs at least %s (see %s --help)", cmd.CommandPath(), what, cmd.CommandPath())}
		}
		return nil
	}
}

// renderWithRules applies the rules to the profile and writes the reports.
func renderWithRules(ctx context.Context, s streams, render renderFunc, p *analyzer.Profile, set *rules.Set, opts rules.Options, name string) error {
	res, err := set.Evaluate(p, opts)
	if err != nil {
		return err
	}
	return render(ctx, s, &report.Report{Profile: p, Rules: res, ToolVersion: toolVersion()}, name)
}
