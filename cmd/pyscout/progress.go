package main

import (
	"fmt"

	"github.com/schollz/progressbar/v3"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/report"
)

// progress renders pipeline events on standard error: a bar on a terminal,
// a few plain lines otherwise, nothing when quiet.
type progress struct {
	s     streams
	quiet bool
	bar   *progressbar.ProgressBar
}

func newProgress(s streams, quiet bool) *progress {
	return &progress{s: s, quiet: quiet}
}

func (p *progress) event(e analyzer.Event) {
	if p.quiet {
		return
	}
	switch e.Stage {
	case analyzer.StageList:
		if !p.s.ErrTTY {
			fmt.Fprintf(p.s.ErrOut, "pyscout: listing repositories of %s\n", report.TerminalText(e.Repo))
		}
	case analyzer.StageSelect:
		if p.s.ErrTTY && e.Total > 0 {
			p.bar = progressbar.NewOptions(e.Total,
				progressbar.OptionSetWriter(p.s.ErrOut),
				progressbar.OptionSetDescription("cloning and analysing"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetWidth(30),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionSetPredictTime(false),
			)
		} else if !p.s.ErrTTY {
			fmt.Fprintf(p.s.ErrOut, "pyscout: analysing %d repositories\n", e.Total)
		}
	case analyzer.StageClone, analyzer.StageAnalyse:
		if p.bar != nil {
			p.bar.Describe(fmt.Sprintf("%-7s %s", e.Stage, report.TerminalText(truncate(e.Repo, 40))))
		}
	case analyzer.StageDone, analyzer.StageSkip:
		if p.bar != nil {
			_ = p.bar.Add(1)
		}
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
