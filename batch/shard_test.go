package batch

import (
	"fmt"
	"testing"
	"time"
)

func TestShardsPartitionTheList(t *testing.T) {
	var all []Candidate
	for i := range 1000 {
		all = append(all, Candidate{Login: fmt.Sprintf("User-%d", i), Line: i + 1})
	}
	for _, n := range []int{1, 2, 3, 7, 16} {
		owner := map[string]int{}
		total := 0
		for i := range n {
			sh := Shard{Index: i, Count: n}
			part := sh.Select(all)
			total += len(part)
			for j, c := range part {
				if prev, ok := owner[c.Key()]; ok {
					t.Fatalf("N=%d: %s in shards %d and %d", n, c.Login, prev, i)
				}
				owner[c.Key()] = i
				if j > 0 && part[j-1].Line >= c.Line {
					t.Fatalf("N=%d: shard %d out of list order", n, i)
				}
			}
			if n > 1 && (len(part) < 1000/n/2 || len(part) > 1000/n*2) {
				t.Errorf("N=%d: shard %d has %d of 1000: the hash does not spread", n, i, len(part))
			}
		}
		if total != len(all) || len(owner) != len(all) {
			t.Fatalf("N=%d: %d taken, %d distinct, want %d", n, total, len(owner), len(all))
		}
		// A row added (and the case of a login changed) moves nobody else.
		more := append([]Candidate{{Login: "newcomer"}}, all...)
		more[1].Login = "USER-0"
		for i := range n {
			for _, c := range (Shard{Index: i, Count: n}).Select(more) {
				if o, ok := owner[c.Key()]; ok && o != i {
					t.Fatalf("N=%d: %s moved from shard %d to %d", n, c.Login, o, i)
				}
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"0/1": {0, 1}, "3/4": {3, 4}, " 0/10 ": {0, 10}} {
		got, err := ParseShard(in)
		if err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1", "4/4", "-1/4", "0/0", "a/b", "1/2/3", "0/10001"} {
		if _, err := ParseShard(in); err == nil {
			t.Errorf("ParseShard(%q) accepted", in)
		}
	}
}

type fixedBudget struct{ limit, remaining int }

func (b fixedBudget) Rate() (int, int, time.Time, bool) {
	return b.limit, b.remaining, time.Time{}, b.limit > 0
}

func TestConcurrencyFallsWithTheBudget(t *testing.T) {
	for _, tt := range []struct {
		b    Budget
		want int
	}{
		{nil, 8},
		{fixedBudget{}, 8}, // nothing known yet
		{fixedBudget{5000, 5000}, 8},
		{fixedBudget{5000, 1251}, 8}, // near miss: just over a quarter
		{fixedBudget{5000, 1250}, 4},
		{fixedBudget{5000, 501}, 4},
		{fixedBudget{5000, 500}, 1},
		{fixedBudget{5000, 0}, 1},
	} {
		if got := allowed(8, tt.b); got != tt.want {
			t.Errorf("allowed(8, %v) = %d, want %d", tt.b, got, tt.want)
		}
	}
	if got := allowed(1, fixedBudget{5000, 1000}); got != 1 {
		t.Errorf("one job halved = %d, want 1", got)
	}
}
