package github

import (
	"errors"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/option/optiontest"
)

func TestOptionsValidateFillsDefaults(t *testing.T) {
	o := optiontest.Defaults[Options](t)
	wantRetry := RetryPolicy{Attempts: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 8 * time.Second, MaxLimitWait: DefaultMaxLimitWait}
	wantTimeouts := Timeouts{Connect: 10 * time.Second, TLSHandshake: 10 * time.Second, ResponseHeader: 30 * time.Second, BodyIdle: 30 * time.Second, Total: 2 * time.Minute}
	if o.APIURL != DefaultAPIURL || o.Retry != wantRetry || o.Timeouts != wantTimeouts || o.MaxBodyBytes != DefaultMaxBodyBytes {
		t.Errorf("defaults %+v", o)
	}
	var s StatsRetry
	if err := s.Validate(); err != nil || s != (StatsRetry{Attempts: 3, Delay: 2 * time.Second}) {
		t.Errorf("stats defaults %+v, %v", s, err)
	}
	// Validate twice changes nothing: NewClient validates what a caller
	// may have validated already.
	again := o
	if err := again.Validate(); err != nil || again.Retry != o.Retry || again.Timeouts != o.Timeouts {
		t.Errorf("second Validate: %+v, %v", again, err)
	}
}

func TestOptionsValidateBounds(t *testing.T) {
	day, hour := int64(24*time.Hour), int64(time.Hour)
	dur := func(f func(*Options) *time.Duration) func(*Options, int64) {
		return func(o *Options, v int64) { *f(o) = time.Duration(v) }
	}
	optiontest.CheckBounds(t, []optiontest.Bound[Options]{
		{Field: "Retry.Attempts", Set: func(o *Options, v int64) { o.Retry.Attempts = int(v) }, Lo: 1, Hi: 100},
		{Field: "Retry.BaseDelay", Set: dur(func(o *Options) *time.Duration { return &o.Retry.BaseDelay }), Lo: 1, Hi: day},
		{Field: "Retry.MaxDelay", Set: dur(func(o *Options) *time.Duration { return &o.Retry.MaxDelay }), Lo: 1, Hi: day},
		{Field: "Timeouts.Connect", Set: dur(func(o *Options) *time.Duration { return &o.Timeouts.Connect }), Lo: 1, Hi: hour},
		{Field: "Timeouts.TLSHandshake", Set: dur(func(o *Options) *time.Duration { return &o.Timeouts.TLSHandshake }), Lo: 1, Hi: hour},
		{Field: "Timeouts.ResponseHeader", Set: dur(func(o *Options) *time.Duration { return &o.Timeouts.ResponseHeader }), Lo: 1, Hi: hour},
		{Field: "Timeouts.BodyIdle", Set: dur(func(o *Options) *time.Duration { return &o.Timeouts.BodyIdle }), Lo: 1, Hi: hour},
		{Field: "Timeouts.Total", Set: dur(func(o *Options) *time.Duration { return &o.Timeouts.Total }), Lo: 1, Hi: day},
		{Field: "MaxBodyBytes", Set: func(o *Options, v int64) { o.MaxBodyBytes = v }, Lo: 1, Hi: 1 << 30},
	})
	optiontest.CheckBounds(t, []optiontest.Bound[StatsRetry]{
		{Field: "Attempts", Set: func(s *StatsRetry, v int64) { s.Attempts = int(v) }, Lo: 1, Hi: 100},
		{Field: "Delay", Set: func(s *StatsRetry, v int64) { s.Delay = time.Duration(v) }, Lo: 1, Hi: hour},
	})
}

// A negative MaxLimitWait means "never wait" and stays valid; only its
// upper bound is checked.
func TestRetryPolicyValidateMaxLimitWait(t *testing.T) {
	for _, tc := range []struct {
		in, want time.Duration
		ok       bool
	}{
		{0, DefaultMaxLimitWait, true},
		{-1, -1, true},
		{24 * time.Hour, 24 * time.Hour, true},
		{24*time.Hour + 1, 24*time.Hour + 1, false},
	} {
		p := RetryPolicy{MaxLimitWait: tc.in}
		err := p.Validate()
		if p.MaxLimitWait != tc.want || (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrInvalidOption)) {
			t.Errorf("MaxLimitWait %v: got %v, err %v", tc.in, p.MaxLimitWait, err)
		}
	}
}

func TestNewClientRefusesInvalidOptions(t *testing.T) {
	if _, err := NewClient(Options{Timeouts: Timeouts{Total: -time.Second}}); !errors.Is(err, ErrInvalidOption) {
		t.Fatalf("err = %v, want ErrInvalidOption", err)
	}
}
