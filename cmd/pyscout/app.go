package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pyscout/pyscout/analyzer/github"
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
}

func systemStreams() streams {
	return streams{
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// env reads environment variables; tests pass their own.
type env func(string) string

// usageError marks a mistake in the command line.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// run executes the command line and maps the outcome to an exit code.
func run(ctx context.Context, args []string, s streams, getenv env) int {
	root := newRootCmd(s, getenv)
	root.SetArgs(args)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		fmt.Fprintln(s.ErrOut, "pyscout: interrupted; no report was written")
		return exitInterrupted
	}
	fmt.Fprintln(s.ErrOut, "pyscout: "+oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, github.ErrInvalidLogin) || isCobraUsage(err) {
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
questions to ask, each tied to evidence. It presents evidence, never a verdict.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newAnalyzeCmd(s, getenv), newInspectCmd(s, getenv), newRulesCmd(s), newVersionCmd(s))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	return root
}
