package option

import (
	"errors"
	"testing"
	"time"
)

func TestRange(t *testing.T) {
	cases := []struct {
		name    string
		v, want int
		wantErr string
	}{
		{"zero takes the default", 0, 4, ""},
		{"lower bound", 1, 1, ""},
		{"upper bound", 64, 64, ""},
		{"below", -1, -1, "Jobs must be between 1 and 64, not -1"},
		{"above", 65, 65, "Jobs must be between 1 and 64, not 65"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.v
			err := Range("Jobs", &v, 4, 1, 64)
			if v != tc.want {
				t.Errorf("value %d, want %d", v, tc.want)
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil || err.Error() != tc.wantErr || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want %q matching ErrInvalid", err, tc.wantErr)
			}
		})
	}
}

func TestRangeDurationsPrintAsDurations(t *testing.T) {
	d := 25 * time.Hour
	err := Range("Timeout", &d, time.Minute, 1, 24*time.Hour)
	if err == nil || err.Error() != "Timeout must be between 1ns and 24h0m0s, not 25h0m0s" {
		t.Fatalf("err = %v", err)
	}
}

func TestInNamesTheNestedField(t *testing.T) {
	joined := errors.Join(&Error{Field: "A", Reason: "must be set"}, errors.New("other"), &Error{Field: "B", Reason: "too big"})
	err := In("Walk", joined)
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		got = append(got, e.Error())
	}
	want := []string{"Walk.A must be set", "other", "Walk.B too big"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %q, want %q", got[i], want[i])
		}
	}
	var oe *Error
	if !errors.As(err, &oe) || oe.Field != "Walk.A" || !errors.Is(err, ErrInvalid) {
		t.Errorf("errors.As gives %+v", oe)
	}
	if In("Walk", nil) != nil {
		t.Error("In(nil) must stay nil")
	}
}
