package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/utils/trace"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/batch"
	"github.com/pyscout/pyscout/report"
)

// Exit codes: the only place errors become numbers.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// streams are the command's input and outputs, injectable for tests.
type streams struct {
	Out, ErrOut io.Writer
	// ErrTTY and OutTTY say whether the streams are terminals.
	ErrTTY, OutTTY bool
	// Width is the output terminal's width in columns; 0 when Out is no
	// terminal, and the table then takes its default width.
	Width int
}

func systemStreams() streams {
	s := streams{
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
	if s.OutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
			s.Width = w
		}
	}
	return s
}

// env reads environment variables; tests pass their own.
type env func(string) string

// usageError marks a mistake in the command line.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// run executes the command line and maps the outcome to an exit code.
func run(ctx context.Context, args []string, s streams, getenv env) int {
	// Only pyscout's own lines reach standard error: the standard
	// library's logger (net/http writes through it) and go-git's trace
	// logger are silent unless --verbose routes them (see routeLogs).
	routeLogs(io.Discard)
	root := newRootCmd(s, getenv)
	root.SetArgs(args)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		msg := "interrupted; no report was written"
		var ie *batch.InterruptedError
		if errors.As(err, &ie) {
			msg = "interrupted: " + ie.Error()
		}
		fmt.Fprintln(s.ErrOut, "pyscout: "+msg)
		return exitInterrupted
	}
	fmt.Fprintln(s.ErrOut, "pyscout: "+oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, github.ErrInvalidLogin) || errors.Is(err, analyzer.ErrInvalidOption) || isCobraUsage(err) {
		return exitUsage
	}
	return exitError
}

// isCobraUsage recognises cobra's own argument and flag errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument", "accepts ", "requires at least", "flag needs an argument", "bad flag syntax"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// oneLine keeps an error message on one line.
func oneLine(s string) string {
	return report.TerminalText(strings.Join(strings.Fields(s), " "))
}

func newRootCmd(s streams, getenv env) *cobra.Command {
	root := &cobra.Command{
		Use:   "pyscout",
		Short: "Pre-interview reports on a Python developer's public GitHub code",
		Long: `pyscout reads a candidate's public GitHub repositories and writes a report
for the interviewer: which libraries they use, how they write Python, and
questions to ask, each tied to evidence. It presents evidence, never a verdict.

` + exitStatusHelp,
		Version:       toolVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			if verbose(cmd) {
				routeLogs(verboseWriter{s.ErrOut})
			}
		},
	}
	root.SetVersionTemplate("pyscout {{.Version}}\n")
	root.PersistentFlags().Bool("verbose", false, "print details on standard error: the raw error of each repository not analysed, and library log lines")
	root.AddCommand(newAnalyzeCmd(s, getenv), newInspectCmd(s, getenv), newBatchCmd(s, getenv), newRulesCmd(s), newVersionCmd(s), newCacheCmd(s))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{flagError(err)} })
	return root
}

// exitStatusHelp lists the exit codes; run is where they are assigned.
const exitStatusHelp = `Exit status:
  0    a report was written: something was analysed, or there was nothing to analyse
  1    an error; or repositories were found and none could be analysed (the
       report is still written and says why)
  2    a mistake on the command line (a flag, an argument, an output path)
  130  interrupted (Ctrl-C): no report was written; a second Ctrl-C stops at once`

// flagError says in words what a flag wanted, instead of the parser's
// "strconv.ParseInt: parsing ...".
func flagError(err error) error {
	var inv *pflag.InvalidValueError
	if !errors.As(err, &inv) || inv.GetFlag() == nil {
		return err
	}
	f := inv.GetFlag()
	want := "a " + f.Value.Type()
	switch f.Value.Type() {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		want = "a whole number"
		if errors.Is(err, strconv.ErrRange) {
			want = "a smaller whole number"
		}
	case "bool":
		want = "true or false"
	case "duration":
		want = "a duration such as 90s or 5m"
	case "float32", "float64":
		want = "a number"
	}
	return fmt.Errorf("--%s: want %s, got %q", f.Name, want, inv.GetValue())
}

// verbose reports whether --verbose was given.
func verbose(cmd *cobra.Command) bool {
	v, err := cmd.Flags().GetBool("verbose")
	return err == nil && v
}

// routeLogs sends the standard library's logger and go-git's trace logger
// to w. They are process-wide; pyscout sets them before any work starts.
func routeLogs(w io.Writer) {
	log.SetOutput(w)
	log.SetFlags(0)
	log.SetPrefix("")
	trace.SetLogger(log.New(w, "go-git: ", 0))
}

// verboseWriter prints library log lines under --verbose as pyscout's own,
// one line each, with terminal escapes neutralised.
type verboseWriter struct{ w io.Writer }

func (v verboseWriter) Write(p []byte) (int, error) {
	if _, err := fmt.Fprintln(v.w, "pyscout: verbose: "+oneLine(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
