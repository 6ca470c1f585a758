package words

import "testing"

func TestPluralAndThousands(t *testing.T) {
	cases := map[string]string{
		Plural(1, "class"):      "1 class",
		Plural(2, "class"):      "2 classes",
		Plural(0, "repository"): "0 repositories",
		Plural(3, "day"):        "3 days",
		Plural(1234, "line"):    "1,234 lines",
		Plural(2, "match"):      "2 matches",
		Plural(2, "box"):        "2 boxes",
		Plural(2, "wish"):       "2 wishes",
		// A vowel before the y keeps it: boys, keys, not boies, keies.
		Plural(2, "boy"):   "2 boys",
		Plural(2, "key"):   "2 keys",
		Plural(2, "query"): "2 queries",
		Plural(2, "y"):     "2 ys",
		Plural(-1, "line"): "-1 lines",
		Thousands(1234567): "1,234,567",
		Thousands(-1234):   "-1,234",
		Thousands(999):     "999",
		Thousands(1000):    "1,000",
		Thousands(0):       "0",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
