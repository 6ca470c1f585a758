package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pyscout/pyscout/report"
)

// StateFile is the name of the state file in the output directory.
const StateFile = "pyscout-batch-state.json"

// StateVersion is the version of the state file's format. A state file of
// another version is refused with a clear error rather than misread.
const StateVersion = 1

// maxStateBytes bounds the state file read back.
const maxStateBytes = 256 << 20

// State is the batch's memory between runs: who is done, when, at which
// commits, and the facts the index shows, so that a re-run makes no
// request for a candidate done recently and merge needs no report parsed.
type State struct {
	Version     int    `json:"version"`
	ToolVersion string `json:"tool_version"`
	// Shard is "I/N" for a shard's output, "" for the whole list.
	Shard string `json:"shard,omitempty"`
	// Stack is the team's stack of the run, shown on the index.
	Stack []string `json:"stack,omitempty"`
	// Shortlist is the whole list, every shard's candidates included, in
	// file order: merge orders the joined rows by it.
	Shortlist []Candidate `json:"shortlist"`
	// Candidates are the outcomes, by lower-cased login.
	Candidates map[string]*Entry `json:"candidates"`
}

// Entry is one candidate's outcome.
type Entry struct {
	Login   string             `json:"login"`
	Outcome report.BatchStatus `json:"outcome"`
	At      time.Time          `json:"at"`
	Reason  string             `json:"reason,omitempty"`
	Repos   []RepoCommit       `json:"repos"`
	Row     report.BatchRow    `json:"row"`
	// Settings fingerprints the options that shape a report (stack,
	// level, rules, repository limits): a candidate done with other
	// settings is analysed again.
	Settings string `json:"settings"`
}

// RepoCommit is a repository analysed and the commit read.
type RepoCommit struct {
	Name   string `json:"name"`
	Commit string `json:"commit"`
}

// ErrState is matched by the errors of a state file that cannot be used.
var ErrState = errors.New("batch state")

// LoadState reads DIR's state file; a missing one is an empty state.
func LoadState(dir string) (*State, error) {
	path := filepath.Join(dir, StateFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Version: StateVersion, Candidates: map[string]*Entry{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrState, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxStateBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrState, path, err)
	}
	if len(data) > maxStateBytes {
		return nil, fmt.Errorf("%w: %s is larger than %d MiB", ErrState, path, maxStateBytes>>20)
	}
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %s is not a pyscout state file: %w", ErrState, path, err)
	}
	if head.Version != StateVersion {
		return nil, fmt.Errorf("%w: %s has version %d; this pyscout reads version %d (use another --out-dir, or remove the file to start again)", ErrState, path, head.Version, StateVersion)
	}
	var st State
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrState, path, err)
	}
	if st.Candidates == nil {
		st.Candidates = map[string]*Entry{}
	}
	for key, e := range st.Candidates {
		if e == nil || strings.ToLower(e.Login) != key {
			return nil, fmt.Errorf("%w: %s: entry %q does not match its login", ErrState, path, key)
		}
	}
	return &st, nil
}

// encode is the state file's bytes.
func (s *State) encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
