package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/pyscout/pyscout/report"
)

// MergeOptions configures Merge.
type MergeOptions struct {
	// OutDir receives the joined reports, index, summary and state.
	OutDir      string
	ToolVersion string
	WriteFile   WriteFunc
	Now         func() time.Time
}

// MergeResult is what Merge joined.
type MergeResult struct {
	Rows                      []report.BatchRow
	Analysed, Failed, Pending int
	Index                     string
}

// maxReportBytes bounds a report file copied by Merge.
const maxReportBytes = 512 << 20

// Merge joins the outputs of the shards of one shortlist (each a
// directory written by Run with --shard) into OutDir: the candidates'
// reports are copied, and one state, index.html and summary.csv cover the
// whole list in its order, as an unsharded run would have written them.
// A candidate in no shard's output is pending. The shards must come from
// the same shortlist.
func Merge(ctx context.Context, dirs []string, opts MergeOptions) (*MergeResult, error) {
	if opts.OutDir == "" || opts.WriteFile == nil || len(dirs) == 0 {
		return nil, errors.New("merge: no directories, output directory or writer")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	out := &State{Version: StateVersion, ToolVersion: opts.ToolVersion, Candidates: map[string]*Entry{}}
	from := map[string]string{} // key -> directory holding its reports
	for i, dir := range dirs {
		st, err := LoadState(dir)
		if err != nil {
			return nil, err
		}
		if len(st.Shortlist) == 0 {
			return nil, fmt.Errorf("merge: %s holds no batch state (%s)", dir, StateFile)
		}
		if i == 0 {
			out.Shortlist, out.Stack = st.Shortlist, st.Stack
		} else if !sameList(out.Shortlist, st.Shortlist) {
			return nil, fmt.Errorf("merge: %s was made from another shortlist than %s", dir, dirs[0])
		} else if !slices.Equal(out.Stack, st.Stack) {
			return nil, fmt.Errorf("merge: %s was run with another --stack than %s", dir, dirs[0])
		}
		for key, e := range st.Candidates {
			if old := out.Candidates[key]; old != nil && !e.At.After(old.At) {
				continue
			}
			out.Candidates[key] = e
			from[key] = dir
		}
	}
	res := &MergeResult{}
	for _, c := range out.Shortlist {
		row := report.BatchRow{Login: c.Login, Status: report.BatchPending, Reason: "not analysed yet"}
		if e := out.Candidates[c.Key()]; e != nil {
			row = e.Row
			if row.Reports {
				if err := copyReports(ctx, from[c.Key()], opts.OutDir, row.Login, opts.WriteFile); err != nil {
					return nil, err
				}
			}
		}
		row.Name, row.Role, row.Notes = c.Name, c.Role, c.Notes
		switch row.Status {
		case report.BatchAnalysed:
			res.Analysed++
		case report.BatchFailed:
			res.Failed++
		default:
			res.Pending++
		}
		res.Rows = append(res.Rows, row)
	}
	if err := opts.WriteFile(ctx, filepath.Join(opts.OutDir, StateFile), out.encode); err != nil {
		return nil, err
	}
	b := &report.Batch{Rows: res.Rows, Stack: out.Stack, Generated: opts.Now(), ToolVersion: opts.ToolVersion}
	var err error
	if res.Index, err = writeIndex(ctx, opts.OutDir, b, opts.WriteFile); err != nil {
		return nil, err
	}
	return res, nil
}

// sameList compares two shortlists by their logins, in order.
func sameList(a, b []Candidate) bool {
	return slices.EqualFunc(a, b, func(x, y Candidate) bool { return x.Key() == y.Key() })
}

// copyReports copies a candidate's reports from dir to out, unless they
// are the same directory.
func copyReports(ctx context.Context, dir, out, login string, write WriteFunc) error {
	if same, err := sameDir(dir, out); err != nil || same {
		return err
	}
	for _, ext := range reportExts {
		name := report.ReportFile(login, ext)
		src := filepath.Join(dir, name)
		if err := write(ctx, filepath.Join(out, name), func(w io.Writer) error { return copyFile(w, src) }); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
	}
	return nil
}

func copyFile(w io.Writer, src string) error {
	// A link is not followed, wherever it leads.
	if info, err := os.Lstat(src); err != nil {
		return err
	} else if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", src)
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() || info.Size() > maxReportBytes {
		return fmt.Errorf("%s is not a regular file of at most %d MiB", src, maxReportBytes>>20)
	}
	_, err = io.Copy(w, io.LimitReader(f, maxReportBytes))
	return err
}

func sameDir(a, b string) (bool, error) {
	ia, err := os.Stat(a)
	if err != nil {
		return false, fmt.Errorf("merge: %w", err)
	}
	ib, err := os.Stat(b)
	if err != nil {
		return false, nil // the output does not exist yet
	}
	return os.SameFile(ia, ib), nil
}
