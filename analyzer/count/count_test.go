package count

import "testing"

func TestLines(t *testing.T) {
	for in, want := range map[string]int{
		"":           0,
		"\n":         1,
		"a":          1,
		"a\n":        1,
		"a\nb":       2,
		"a\nb\n":     2,
		"a\r\nb\r\n": 2, // CRLF is one line break, as editors number it
		"\n\n\n":     3,
	} {
		if got := Lines([]byte(in)); got != want {
			t.Errorf("Lines(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestRatio(t *testing.T) {
	for _, c := range []struct {
		part, whole, decimals int
		want                  float64
	}{
		{0, 0, 3, 0},
		{5, 0, 3, 0},
		{1, 3, 3, 0.333},
		{2, 3, 3, 0.667},
		{2, 3, 2, 0.67},
		{2, 3, 1, 0.7},
		{1, 8, 2, 0.13}, // 0.125 rounds half away from zero
		{3, 2, 2, 1.5},
		{7, 7, 3, 1},
	} {
		if got := Ratio(c.part, c.whole, c.decimals); got != c.want {
			t.Errorf("Ratio(%d, %d, %d) = %v, want %v", c.part, c.whole, c.decimals, got, c.want)
		}
	}
}

func TestRound(t *testing.T) {
	for _, c := range []struct {
		x        float64
		decimals int
		want     float64
	}{
		{2.345, 1, 2.3},
		{2.35, 1, 2.4},
		{-2.35, 1, -2.4},
		{2.0 / 3, 2, 0.67},
		{5, 2, 5},
	} {
		if got := Round(c.x, c.decimals); got != c.want {
			t.Errorf("Round(%v, %d) = %v, want %v", c.x, c.decimals, got, c.want)
		}
	}
}
