package clone

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/option"
	"github.com/pyscout/pyscout/analyzer/option/optiontest"
)

func TestOptionsValidateFillsDefaults(t *testing.T) {
	o := Options{CacheDir: "cache"}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	want := Limits{ProgressTimeout: DefaultProgressTimeout, Timeout: DefaultTimeout, LockWait: DefaultLockWait}
	if o.Depth != 1 || o.Limits != want {
		t.Errorf("defaults %+v", o)
	}
}

func TestOptionsValidateBounds(t *testing.T) {
	withCache := func(set func(*Options, int64)) func(*Options, int64) {
		return func(o *Options, v int64) { o.CacheDir = "cache"; set(o, v) }
	}
	optiontest.CheckBounds(t, []optiontest.Bound[Options]{
		{Field: "Depth", Set: withCache(func(o *Options, v int64) { o.Depth = int(v) }), Lo: 1, Hi: infiniteDepth},
		{Field: "Limits.ProgressTimeout", Set: withCache(func(o *Options, v int64) { o.ProgressTimeout = time.Duration(v) }), Lo: 1, Hi: int64(24 * time.Hour)},
		{Field: "Limits.Timeout", Set: withCache(func(o *Options, v int64) { o.Timeout = time.Duration(v) }), Lo: 1, Hi: int64(24 * time.Hour)},
		{Field: "Limits.LockWait", Set: withCache(func(o *Options, v int64) { o.LockWait = time.Duration(v) }), Lo: 1, Hi: int64(24 * time.Hour)},
	})
	optiontest.CheckBounds(t, []optiontest.Bound[Limits]{
		{Field: "Timeout", Set: func(l *Limits, v int64) { l.Timeout = time.Duration(v) }, Lo: 1, Hi: int64(24 * time.Hour)},
	})
}

func TestOptionsValidateWantsCacheDir(t *testing.T) {
	var o Options
	err := o.Validate()
	var oe *option.Error
	if !errors.As(err, &oe) || oe.Field != "CacheDir" || !errors.Is(err, ErrInvalidOption) {
		t.Fatalf("err = %v", err)
	}
}

// Fetch checks its options before the URL and before any request: no cache
// entry is made for a bad setting.
func TestFetchRefusesInvalidOptions(t *testing.T) {
	cache := t.TempDir()
	_, err := Fetch(context.Background(), "https://github.com/a/b.git", "", Options{CacheDir: cache, Limits: Limits{Timeout: -time.Second}})
	if !errors.Is(err, ErrInvalidOption) {
		t.Fatalf("err = %v, want ErrInvalidOption", err)
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("cache holds %d entries, want none", len(entries))
	}
}
