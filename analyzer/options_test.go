package analyzer

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/option"
	"github.com/pyscout/pyscout/analyzer/option/optiontest"
	"github.com/pyscout/pyscout/analyzer/walk"
)

func TestOptionsValidateFillsDefaults(t *testing.T) {
	o := Options{CacheDir: "cache"}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if o.Jobs != DefaultJobs || o.MaxRepos != DefaultMaxRepos || o.MaxRepoMB != DefaultMaxRepoMB ||
		o.HistoryDepth != DefaultHistoryDepth || o.MaxForkChecks != DefaultMaxForkChecks || o.IdentityLookups != DefaultIdentityLookups {
		t.Errorf("counts %+v", o)
	}
	if o.Now == nil || o.Libraries == nil || o.CacheDir != "cache" {
		t.Errorf("Now, Libraries or CacheDir not filled: %+v", o)
	}
	if o.Walk.MaxFiles != walk.DefaultMaxFiles || o.CloneLimits.Timeout != clone.DefaultTimeout || o.StatsRetry.Attempts == 0 {
		t.Errorf("nested options not filled: %+v %+v %+v", o.Walk, o.CloneLimits, o.StatsRetry)
	}
	// The cache directory defaults too when it is not given.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	var d Options
	if err := d.Validate(); err != nil || d.CacheDir == "" {
		t.Errorf("default cache dir %q, %v", d.CacheDir, err)
	}
}

func TestOptionsValidateBounds(t *testing.T) {
	count := func(f func(*Options) *int) func(*Options, int64) {
		return func(o *Options, v int64) { o.CacheDir = "cache"; *f(o) = int(v) }
	}
	optiontest.CheckBounds(t, []optiontest.Bound[Options]{
		{Field: "Jobs", Set: count(func(o *Options) *int { return &o.Jobs }), Lo: 1, Hi: 64},
		{Field: "MaxRepos", Set: count(func(o *Options) *int { return &o.MaxRepos }), Lo: 1, Hi: 10_000},
		{Field: "MaxRepoMB", Set: count(func(o *Options) *int { return &o.MaxRepoMB }), Lo: 1, Hi: 1_000_000},
		{Field: "HistoryDepth", Set: count(func(o *Options) *int { return &o.HistoryDepth }), Lo: 1, Hi: 10_000_000},
		{Field: "MaxForkChecks", Set: count(func(o *Options) *int { return &o.MaxForkChecks }), Lo: 1, Hi: 1_000},
		{Field: "IdentityLookups", Set: count(func(o *Options) *int { return &o.IdentityLookups }), Lo: 1, Hi: 1_000},
		// Nested options are checked with their path.
		{Field: "Walk.MaxFiles", Set: count(func(o *Options) *int { return &o.Walk.MaxFiles }), Lo: 1, Hi: 10_000_000},
		{Field: "StatsRetry.Attempts", Set: count(func(o *Options) *int { return &o.StatsRetry.Attempts }), Lo: 1, Hi: 100},
		{Field: "CloneLimits.LockWait", Set: func(o *Options, v int64) { o.CacheDir = "cache"; o.CloneLimits.LockWait = time.Duration(v) }, Lo: 1, Hi: int64(24 * time.Hour)},
	})
}

func TestOptionsValidateMessage(t *testing.T) {
	o := Options{CacheDir: "cache", Jobs: 65}
	err := o.Validate()
	var oe *option.Error
	if !errors.As(err, &oe) || err.Error() != "Jobs must be between 1 and 64, not 65" {
		t.Fatalf("err = %v", err)
	}
}

// AnalyzeUser and Inspect check their options first: no request, no clone.
func TestEntryPointsRefuseInvalidOptions(t *testing.T) {
	gh, err := github.NewClient(github.Options{APIURL: "http://127.0.0.1:1/"})
	if err != nil {
		t.Fatal(err)
	}
	bad := Options{CacheDir: t.TempDir(), Jobs: -1}
	if _, err := AnalyzeUser(context.Background(), gh, "octocat", bad); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("AnalyzeUser: %v, want ErrInvalidOption", err)
	}
	if gh.Requests() != 0 {
		t.Errorf("%d requests before the options were checked", gh.Requests())
	}
	if _, err := Inspect(context.Background(), []string{t.TempDir()}, bad); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("Inspect: %v, want ErrInvalidOption", err)
	}
}
