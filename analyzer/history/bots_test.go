package history

import (
	"context"
	"testing"
	"time"
)

func TestIsBot(t *testing.T) {
	cases := []struct {
		name, email string
		bot         bool
	}{
		{"dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", true},
		{"dependabot-preview[bot]", "27856297+dependabot-preview[bot]@users.noreply.github.com", true},
		{"pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com", true},
		{"github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com", true},
		{"GitHub Action", "action@github.com", true},
		{"someone", "ACTION@github.com", true},
		{"Renovate Bot", "bot@renovateapp.com", true},
		{"renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", true},
		{"Dependabot", "support@dependabot.com", true},
		{"dependabot", "", true},
		// A name alone says bot only in a bot's form.
		{"whatever", "49699333+dependabot[bot]@users.noreply.github.com", true},
		{"some-app[bot]", "x@example.com", true},
		// Near misses: people whose names or logins contain "bot".
		{"Jane Abbott", "jane.abbott@example.com", false},
		{"robotics-dev", "12345+robotics-dev@users.noreply.github.com", false},
		{"Bot Smith", "bot.smith@example.com", false},
		{"Talbot", "talbot@users.noreply.github.com", false},
		{"Dependabot fan", "fan@example.com", false},
		{"x", "dependabot@example.com", false},
		{"x", "noreply@github.com", false}, // the web-flow committer, not an author
		{"x", "action@github.com.evil.example", false},
	}
	for _, c := range cases {
		if got := IsBot(c.name, c.email); got != c.bot {
			t.Errorf("IsBot(%q, %q) = %v, want %v", c.name, c.email, got, c.bot)
		}
	}
}

func TestNormEmail(t *testing.T) {
	cases := map[string]string{
		`"Jane Doe" <jane@x.org>`:              "jane@x.org",
		`Jane Doe <Jane@X.org>`:                "jane@x.org",
		`<jane@x.org>`:                         "jane@x.org",
		"  Jane@X.org \t":                      "jane@x.org",
		`"jane@x.org"`:                         "jane@x.org",
		"12345+Login@users.noreply.github.com": "12345+login@users.noreply.github.com",
		"":                                     "",
		"not-email":                            "",
		"Jane <>":                              "",
		"<jane@x.org":                          "jane@x.org",
	}
	for in, want := range cases {
		if got := normEmail(in); got != want {
			t.Errorf("normEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIdentityNormalisedEmails(t *testing.T) {
	id := NewIdentity("Jane", 12345, `"Jane Doe" <Jane@X.org>`)
	id.AddEmail(" <jane.doe@work.example> ", MatchAttributedEmail)
	cases := []struct {
		email string
		want  MatchKind
		ok    bool
	}{
		{"jane@x.org", MatchPublicEmail, true},
		{"JANE@x.ORG", MatchPublicEmail, true},
		{`"Jane" <jane@x.org>`, MatchPublicEmail, true},
		{"Jane.Doe@Work.Example", MatchAttributedEmail, true},
		{"12345+JANE@users.noreply.github.com", MatchNoreply, true},
		{"Jane@users.noreply.github.com", MatchNoreply, true},
		{"777+jane@users.noreply.github.com", MatchNoreply, true},
		// Near misses: other people whose addresses share a prefix or a
		// suffix with the candidate's.
		{"jane@x.org.uk", "", false},
		{"jane.smith@x.org", "", false},
		{"jane2@x.org", "", false},
		{"janet@users.noreply.github.com", "", false},
		{"12345+jane-bot@users.noreply.github.com", "", false},
		{"jane@users.noreply.github.com.evil", "", false},
	}
	for _, c := range cases {
		got, ok := id.Match("x", c.email)
		if got != c.want || ok != c.ok {
			t.Errorf("Match(%q) = %q %v, want %q %v", c.email, got, ok, c.want, c.ok)
		}
	}
}

// TestBotsLeaveBothSidesOfTheShares walks a history by the candidate under
// three identities, two other people (one called Abbott) and four bots,
// and checks every figure.
func TestBotsLeaveBothSidesOfTheShares(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, n-60) }
	specs := []commitSpec{
		{"Jane Doe", "jane@x.org", day(1), map[string]string{"a.py": lines(40)}},
		{"Jane", "JANE@X.ORG", day(2), map[string]string{"b.py": lines(10)}},
		{"Jane", "12345+jane@users.noreply.github.com", day(3), map[string]string{"c.py": lines(5)}},
		{"Jane Abbott", "abbott@example.com", day(4), map[string]string{"d.py": lines(20)}},
		{"robotics-dev", "999+robotics-dev@users.noreply.github.com", day(5), map[string]string{"e.py": lines(5)}},
		{"dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", day(6), map[string]string{"requirements.txt": lines(3)}},
		{"dependabot-preview[bot]", "27856297+dependabot-preview[bot]@users.noreply.github.com", day(7), map[string]string{"requirements.txt": lines(4)}},
		{"pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com", day(8), map[string]string{"a.py": lines(41)}},
		{"GitHub Action", "action@github.com", day(9), map[string]string{"CHANGELOG.md": lines(100)}},
		{"janedoe", "jane.doe@x.org", day(10), map[string]string{"f.py": lines(1)}}, // someone else sharing a prefix
	}
	repo, head := buildRepo(t, specs)
	id := NewIdentity("jane", 12345, `"Jane Doe" <jane@x.org>`)
	h, err := Analyze(context.Background(), repo, plumbingHash(head), id, nil, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if h.Commits != 10 || h.BotCommits != 4 || h.TheirCommits != 3 || h.OtherAuthors != 3 {
		t.Errorf("commits %d, bots %d, theirs %d, others %d; want 10, 4, 3, 3", h.Commits, h.BotCommits, h.TheirCommits, h.OtherAuthors)
	}
	if h.CommitShare != 0.5 {
		t.Errorf("commit share %v, want 3 of the 6 commits by people", h.CommitShare)
	}
	// Lines: people 40+10+5+20+5+1 = 81; bots 3 + 1 (requirements.txt
	// grows to 4) + 1 (a.py to 41) + 100 = 105.
	if h.LinesAdded != 186 || h.BotLinesAdded != 105 || h.TheirLinesAdded != 55 {
		t.Errorf("lines %d, bots' %d, theirs %d; want 186, 105, 55", h.LinesAdded, h.BotLinesAdded, h.TheirLinesAdded)
	}
	if h.LineShare != 0.679 || h.MostlyTheirs == nil || !*h.MostlyTheirs {
		t.Errorf("line share %v mostly %v, want 55/81 = 0.679 and mostly theirs", h.LineShare, h.MostlyTheirs)
	}
	if h.FirstCommit == nil || !h.FirstCommit.Equal(day(1)) || !h.LastCommit.Equal(day(3)) {
		t.Errorf("first %v last %v", h.FirstCommit, h.LastCommit)
	}
	if len(h.Signals) != 0 {
		t.Errorf("signals %+v", h.Signals)
	}
}

func TestOnlyBotsAndOthersSaysSo(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	repo, head := buildRepo(t, []commitSpec{
		{"Bob", "bob@example.com", now.AddDate(0, 0, -3), map[string]string{"a.py": lines(2)}},
		{"renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", now.AddDate(0, 0, -2), map[string]string{"r.txt": lines(1)}},
	})
	h, err := Analyze(context.Background(), repo, plumbingHash(head), NewIdentity("jane", 1, ""), nil, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Signals) != 1 || h.Signals[0].Kind != "none_theirs" ||
		h.Signals[0].Text != "None of the 1 commits by people walked (1 more by bots) match the candidate's known identities: the history is someone else's, or they committed under an identity GitHub does not link to them." {
		t.Errorf("signals %+v", h.Signals)
	}
	if h.CommitShare != 0 || h.LineShare != 0 || h.MostlyTheirs == nil || *h.MostlyTheirs {
		t.Errorf("shares %v %v mostly %v", h.CommitShare, h.LineShare, h.MostlyTheirs)
	}
}
