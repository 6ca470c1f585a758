package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/history"
)

var emailLike = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`)

// Human-readable reports say how commits were recognised, by kind and
// count, and never print an address; JSON keeps them.
func TestReportsNeverPrintIdentityEmails(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	emails := []string{"1001+gail@users.noreply.github.com", "gail.work@corp.example", "g.private@mail.example", "old-laptop@localhost.example"}
	p := &analyzer.Profile{Login: "gail", Source: "analyze", GeneratedAt: now,
		Identity: &analyzer.IdentityReport{Login: "gail",
			Emails: []history.KnownIdentity{
				{Value: emails[0], Kind: history.MatchNoreply},
				{Value: emails[1], Kind: history.MatchPublicEmail},
				{Value: emails[2], Kind: history.MatchAttributedEmail},
				{Value: emails[3], Kind: history.MatchMailmap},
			},
			Lookups:       []string{"gail/app"},
			LookupResults: []analyzer.IdentityLookup{{Repo: "gail/app", Outcome: "learned", NewEmails: []string{emails[2]}}},
		},
		Repos: []analyzer.RepoFacts{{Name: "app", History: &history.RepoHistory{Commits: 9, TheirCommits: 7, CommitShare: 0.78,
			MatchedBy: map[history.MatchKind]int{history.MatchPublicEmail: 4, history.MatchAttributedEmail: 2, history.MatchMailmap: 1}}}},
	}
	for _, name := range []string{"md", "html", "table"} {
		r, err := ForFormat(name)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Render(&buf, &Report{Profile: p}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, e := range emails {
			local := e[:strings.IndexByte(e, '@')]
			if strings.Contains(out, e) || strings.Contains(out, local+"@") {
				t.Errorf("%s prints %s", name, e)
			}
		}
		if m := emailLike.FindString(out); m != "" {
			t.Errorf("%s prints an address: %s", name, m)
		}
		if name != "table" && (!strings.Contains(out, "public email: 1 identity known, 4 commits recognised") ||
			!strings.Contains(out, "mailmap: 1 identity known, 1 commit recognised")) {
			t.Errorf("%s does not say how commits were recognised:\n%s", name, out)
		}
	}
	// Near miss: JSON keeps the addresses.
	var buf bytes.Buffer
	if err := (JSON{}).Render(&buf, &Report{Profile: p}); err != nil {
		t.Fatal(err)
	}
	for _, e := range emails {
		if !strings.Contains(buf.String(), e) {
			t.Errorf("JSON lost %s", e)
		}
	}
}

// The fixture portfolios' reports hold no address either.
func TestFixtureReportsNeverPrintEmails(t *testing.T) {
	for _, f := range fixtures(t) {
		for _, name := range []string{"md", "html", "table"} {
			r, err := ForFormat(name)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.Render(&buf, f.report); err != nil {
				t.Fatal(err)
			}
			if m := emailLike.FindString(buf.String()); m != "" {
				t.Errorf("%s as %s prints an address: %s", f.name, name, m)
			}
		}
	}
}
