package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/batch"
)

// batchProgress renders a batch's events on standard error: on a terminal
// one overall bar whose description names each active candidate and its
// step; plain lines otherwise; under -q only failures and rate-limit stops.
type batchProgress struct {
	s      streams
	quiet  bool
	bar    *progressbar.ProgressBar
	active map[string]string // login -> current step
}

func newBatchProgress(s streams, quiet bool) *batchProgress {
	return &batchProgress{s: s, quiet: quiet, active: map[string]string{}}
}

// event is called by the batch one event at a time.
func (p *batchProgress) event(e batch.Event) {
	login := oneLine(e.Login)
	switch e.Kind {
	case batch.EventPlan:
		if p.quiet {
			return
		}
		if e.Done > 0 {
			fmt.Fprintf(p.s.ErrOut, "pyscout: %d %s analysed recently, kept (see --max-age, --force)\n", e.Done, plural(e.Done, "candidate", "candidates"))
		}
		if p.s.ErrTTY && e.Total > 0 {
			p.bar = progressbar.NewOptions(e.Total,
				progressbar.OptionSetWriter(p.s.ErrOut),
				progressbar.OptionSetDescription("candidates"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetWidth(20),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionSetPredictTime(true),
			)
		} else if !p.s.ErrTTY {
			fmt.Fprintf(p.s.ErrOut, "pyscout: analysing %d %s\n", e.Total, plural(e.Total, "candidate", "candidates"))
		}
	case batch.EventStart:
		p.active[login] = "starting"
		p.describe()
	case batch.EventPipeline:
		step := string(e.Pipeline.Stage)
		if e.Pipeline.Stage == analyzer.StageSelect {
			step = fmt.Sprintf("%d repositories", e.Pipeline.Total)
		} else if e.Pipeline.Repo != "" {
			step += " " + truncate(oneLine(e.Pipeline.Repo), 24)
		}
		p.active[login] = step
		p.describe()
	case batch.EventDone, batch.EventFailed:
		delete(p.active, login)
		if e.Kind == batch.EventFailed {
			p.line(fmt.Sprintf("[%d/%d] %s failed: %s", e.Done, e.Total, login, oneLine(e.Reason)), true)
		} else if !p.s.ErrTTY {
			p.line(fmt.Sprintf("[%d/%d] %s done", e.Done, e.Total, login), false)
		}
		if p.bar != nil {
			_ = p.bar.Add(1)
		}
		p.describe()
	case batch.EventWaiting:
		p.line(fmt.Sprintf("the GitHub rate limit ran out; waiting until %s (%s), then going on", e.Until.UTC().Format("15:04:05 MST"), time.Until(e.Until).Round(time.Second)), true)
	case batch.EventStopping:
		p.line("the GitHub rate limit ran out: no more candidates are started; re-run the same command to resume (or use --wait)", true)
	}
}

// line prints a line above the bar; important lines survive -q.
func (p *batchProgress) line(msg string, important bool) {
	if p.quiet && !important {
		return
	}
	if p.bar != nil {
		_ = p.bar.Clear()
	}
	fmt.Fprintln(p.s.ErrOut, "pyscout: "+msg)
}

// describe names the active candidates and their steps on the bar.
func (p *batchProgress) describe() {
	if p.bar == nil {
		return
	}
	logins := make([]string, 0, len(p.active))
	for l := range p.active {
		logins = append(logins, l)
	}
	slices.Sort(logins)
	parts := make([]string, 0, len(logins))
	for _, l := range logins {
		parts = append(parts, l+": "+p.active[l])
	}
	p.bar.Describe(truncate(strings.Join(parts, " · "), 70))
}

func (p *batchProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
}
