package history

import "strings"

// Bots are not people: their commits are neither the candidate's nor
// anyone else's share of the work. A bot is recognised by what GitHub and
// the common bots put on their commits, never by "bot" somewhere in a
// name: Abbott and robotics-dev are people.

// botNames are the author names the common bots commit under, normalised
// (lower case, single spaces). Names ending in "[bot]" are bots whatever
// precedes it.
var botNames = map[string]bool{
	"dependabot":         true,
	"dependabot-preview": true,
	"renovate":           true,
	"renovate bot":       true,
	"renovate-bot":       true,
	"pre-commit-ci":      true,
	"github-actions":     true,
	"github action":      true,
	"github actions":     true,
}

// botEmails are the addresses bots commit under where they have no
// GitHub App account of their own, normalised.
var botEmails = map[string]bool{
	"action@github.com":         true, // actions/checkout's documented identity
	"github-actions@github.com": true,
	"support@dependabot.com":    true, // Dependabot before it became a GitHub App
	"bot@renovateapp.com":       true, // Renovate's default gitAuthor
}

// botSuffix marks a GitHub App's account: dependabot[bot],
// pre-commit-ci[bot], github-actions[bot].
const botSuffix = "[bot]"

// IsBot tells whether a commit author is a bot: a GitHub App account by
// name or noreply email (`49699333+dependabot[bot]@users.noreply.github.com`),
// or one of the common bots by name or address.
func IsBot(name, email string) bool {
	n := normName(name)
	if strings.HasSuffix(n, botSuffix) || botNames[n] {
		return true
	}
	e := normEmail(email)
	if botEmails[e] {
		return true
	}
	if local, ok := strings.CutSuffix(e, "@"+noreplyDomain); ok {
		if _, login, found := strings.Cut(local, "+"); found {
			local = login
		}
		return strings.HasSuffix(local, botSuffix) || botNames[local]
	}
	return false
}
