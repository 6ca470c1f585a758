package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/option"
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
		return report.Options{Color: report.ColorAllowed(s.OutTTY, getenv), Width: s.Width}
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
		// The hint names exactly the files written, even when a later
		// one fails.
		defer func() {
			if !o.quiet && len(written) > 0 {
				fmt.Fprintf(s.ErrOut, "pyscout: wrote %s\n", strings.Join(written, ", "))
			}
		}()
		for _, fr := range defaultRenderers {
			path := filepath.Join(o.outDir, name+"."+fr.Ext())
			if err := writeAtomic(ctx, path, fr, doc); err != nil {
				return err
			}
			written = append(written, path)
		}
		return report.WithOptions(report.Table{}, terminal(s)).Render(s.Out, doc)
	}, nil
}

// defaultRenderers are the files written to --out-dir.
var defaultRenderers = []report.Renderer{report.HTML{}, report.Markdown{}, report.JSON{}}

// preflight checks, before any network work, that the reports for name can
// be written: -o names a regular file or a new path in a directory that
// exists or can be made, and so does --out-dir. It creates nothing.
func (o *outputOptions) preflight(name string) error {
	switch {
	case o.outFile != "":
		if err := checkDir(filepath.Dir(o.outFile), "the directory of -o"); err != nil {
			return err
		}
		return checkTarget(o.outFile)
	case o.format != "":
		return nil // standard output
	}
	if err := checkDir(o.outDir, "--out-dir"); err != nil {
		return err
	}
	for _, fr := range defaultRenderers {
		if err := checkTarget(filepath.Join(o.outDir, name+"."+fr.Ext())); err != nil {
			return err
		}
	}
	return nil
}

// checkTarget refuses to write over anything but a regular file. A device,
// a FIFO, a socket or a directory would be replaced (or, written through,
// damaged); a symbolic link is refused too, even to a regular file,
// because the rename would replace the link rather than what it points at
// and a link may lead anywhere. A path that does not exist is fine.
func checkTarget(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil // a new path; checkDir and the write judge its directory
	}
	if err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	var what string
	switch m := info.Mode(); {
	case m.IsRegular():
		return nil
	case m&fs.ModeSymlink != 0:
		what = "a symbolic link (give the path of a regular file or a new one)"
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "not a regular file"
	}
	return usageError{fmt.Errorf("refusing to write the report to %s: it is %s", path, what)}
}

// checkDir makes sure dir is a directory pyscout can write in, or one it
// can create: the nearest existing ancestor must be a writable directory.
// It probes with a temporary file, which also sees read-only file systems
// and ACLs, and leaves nothing behind.
func checkDir(dir, what string) error {
	probe := dir
	for {
		info, err := os.Stat(probe)
		if err == nil {
			if !info.IsDir() {
				if probe == dir {
					return usageError{fmt.Errorf("%s %s is not a directory", what, dir)}
				}
				return usageError{fmt.Errorf("%s %s cannot be created: %s is not a directory", what, dir, probe)}
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("%s %s: %w", what, dir, err)
		}
		parent := filepath.Dir(probe)
		if parent == probe {
			return fmt.Errorf("%s %s: %w", what, dir, err)
		}
		probe = parent
	}
	f, err := os.CreateTemp(probe, ".pyscout-write-check-*")
	if err != nil {
		// The probe's random name says nothing to the user.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s %s: cannot write in %s: %w", what, dir, probe, err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("%s %s: %w", what, dir, err)
	}
	return nil
}

// writeAtomic renders into a temporary file beside path and renames it into
// place, so an interrupted run never leaves a half-written report.
func writeAtomic(ctx context.Context, path string, r report.Renderer, doc *report.Report) error {
	return writeFileAtomic(ctx, path, func(w io.Writer) error { return r.Render(w, doc) })
}

// writeFileAtomic writes into a temporary file beside path and renames it
// into place; it refuses to replace anything but a regular file.
func writeFileAtomic(ctx context.Context, path string, write func(io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkTarget(path); err != nil {
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
	if err := write(tmp); err != nil {
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
	// Again just before the rename, which replaces whatever entry is
	// there: the window for a swap is the rendering time no longer.
	if err := checkTarget(path); err != nil {
		return err
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
	registerCacheDir(cmd, cacheDir)
}

// registerCacheDir adds --cache-dir.
func registerCacheDir(cmd *cobra.Command, cacheDir *string) {
	cmd.Flags().StringVar(cacheDir, "cache-dir", "", "where clones are kept and reused (default $XDG_CACHE_HOME/pyscout)")
}

// optionFlag names the flag behind a field of an options struct, so that
// an option error speaks of the flag.
type optionFlag struct{ field, flag string }

// analyzerFlags are the fields of analyzer.Options that flags set.
var analyzerFlags = []optionFlag{
	{"Jobs", "jobs"},
	{"MaxRepos", "max-repos"},
	{"MaxRepoMB", "max-repo-mb"},
	{"HistoryDepth", "history-depth"},
}

// validateOptions runs o.Validate before any request and names a field out
// of range by its flag: "--jobs must be between 1 and 64, not 65".
func validateOptions(cmd *cobra.Command, o *analyzer.Options) error {
	return validateFlags(cmd, analyzerFlags, o.Validate)
}

// validateFlags runs validate and turns its *option.Error for a field in
// flags into one named by the flag; the error still matches
// option.ErrInvalid, which run maps to exit 2. A whole-number flag given
// as 0 is refused first: to the library a zero field means "the default",
// on the command line it is a mistake.
func validateFlags(cmd *cobra.Command, flags []optionFlag, validate func() error) error {
	for _, of := range flags {
		if f := cmd.Flags().Lookup(of.flag); f != nil && f.Changed && f.Value.Type() == "int" && f.Value.String() == "0" {
			return &option.Error{Field: "--" + of.flag, Reason: "must be at least 1, not 0"}
		}
	}
	err := validate()
	var oe *option.Error
	if errors.As(err, &oe) {
		for _, of := range flags {
			if oe.Field == of.field {
				return &option.Error{Field: "--" + of.flag, Reason: oe.Reason}
			}
		}
	}
	return err
}

// oneArg wants exactly one argument: what names it when it is missing,
// and one says how many are taken when there are more.
func oneArg(what, one string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return usageError{fmt.Errorf("%s needs %s (see %s --help)", cmd.CommandPath(), what, cmd.CommandPath())}
		case len(args) > 1:
			return usageError{fmt.Errorf("%s takes %s, not %d (%s)", cmd.Name(), one, len(args), strings.Join(args, " "))}
		}
		return nil
	}
}

// printSkipDetails prints, under --verbose, why each repository or target
// was not analysed, as raw as the pipeline gives it.
func printSkipDetails(cmd *cobra.Command, s streams, p *analyzer.Profile) {
	if !verbose(cmd) || p == nil {
		return
	}
	for _, sk := range p.Skipped {
		fmt.Fprintf(s.ErrOut, "pyscout: verbose: skipped %s: %s\n", oneLine(sk.Name), oneLine(skipDetail(sk)))
	}
}

// skipDetail is the most detailed account of a skip that the profile
// holds: the short reason, followed by the raw error when there is one.
func skipDetail(sk analyzer.SkippedRepo) string {
	if sk.Detail == "" || strings.Contains(sk.Reason, sk.Detail) {
		return sk.Reason
	}
	return sk.Reason + " (" + sk.Detail + ")"
}

// minArgs gives an argument error that says what was expected.
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
	doc, err := buildReport(p, set, opts)
	if err != nil {
		return err
	}
	return render(ctx, s, doc, name)
}

// buildReport applies the rules to the profile.
func buildReport(p *analyzer.Profile, set *rules.Set, opts rules.Options) (*report.Report, error) {
	res, err := set.Evaluate(p, opts)
	if err != nil {
		return nil, err
	}
	return &report.Report{Profile: p, Rules: res, ToolVersion: toolVersion()}, nil
}
