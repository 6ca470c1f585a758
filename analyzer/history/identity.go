// Package history is the authorship stage: from the commits of a clone it
// tells which are the candidate's (and how each identity was recognised),
// when they were made, and how much of the code they added. It reads only
// the local clone; the GitHub API is the caller's business.
package history

import (
	"fmt"
	"maps"
	"sort"
	"strings"
)

// MatchKind says how a commit identity was recognised as the candidate's.
type MatchKind string

// Ways an identity is recognised, strongest first.
const (
	// MatchNoreply is GitHub's noreply address for the login.
	MatchNoreply MatchKind = "noreply_email"
	// MatchPublicEmail is the email on the candidate's public profile.
	MatchPublicEmail MatchKind = "public_email"
	// MatchAttributedEmail is an email on commits GitHub attributes to the login.
	MatchAttributedEmail MatchKind = "attributed_email"
	// MatchAttributedName is a name on commits GitHub attributes to the
	// login, matched only where the commit has no email of its own.
	MatchAttributedName MatchKind = "attributed_name"
	// MatchMailmap is an identity a repository's .mailmap maps to one above.
	MatchMailmap MatchKind = "mailmap"
)

// Identity is everything known to be the candidate on commits.
type Identity struct {
	Login  string
	emails map[string]MatchKind
	names  map[string]MatchKind
}

// Clone returns a copy of id that can grow without changing id.
func (id *Identity) Clone() *Identity {
	return &Identity{Login: id.Login, emails: maps.Clone(id.emails), names: maps.Clone(id.names)}
}

// NewIdentity starts an identity from the login, its numeric GitHub ID
// (0 when unknown) and the public profile email ("" when none).
func NewIdentity(login string, id int64, publicEmail string) *Identity {
	ident := &Identity{Login: login, emails: map[string]MatchKind{}, names: map[string]MatchKind{}}
	lower := strings.ToLower(login)
	ident.emails[lower+"@"+noreplyDomain] = MatchNoreply
	if id > 0 {
		ident.emails[fmt.Sprintf("%d+%s@%s", id, lower, noreplyDomain)] = MatchNoreply
	}
	if e := normEmail(publicEmail); e != "" {
		ident.AddEmail(e, MatchPublicEmail)
	}
	return ident
}

// AddEmail records an email as the candidate's, keeping the strongest
// kind. It reports whether the email is new: neither known nor one of the
// login's noreply forms.
func (id *Identity) AddEmail(email string, kind MatchKind) bool {
	e := normEmail(email)
	if e == "" || isNoreplyFor(e, id.Login) {
		return false
	}
	if _, ok := id.emails[e]; ok {
		return false
	}
	id.emails[e] = kind
	return true
}

// AddName records a commit name GitHub attributed to the login; it
// reports whether the name is new. Bots' names are never recorded.
func (id *Identity) AddName(name string) bool {
	n := normName(name)
	if n == "" || IsBot(name, "") {
		return false
	}
	if _, ok := id.names[n]; ok {
		return false
	}
	id.names[n] = MatchAttributedName
	return true
}

// Emails lists the known emails with how each was learned, sorted.
func (id *Identity) Emails() []KnownIdentity {
	out := make([]KnownIdentity, 0, len(id.emails))
	for e, k := range id.emails {
		out = append(out, KnownIdentity{Value: e, Kind: k})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	return out
}

// KnownIdentity is one email the report lists with how it was learned.
type KnownIdentity struct {
	Value string    `json:"value"`
	Kind  MatchKind `json:"matched_by"`
}

// Match tells whether a commit signature is the candidate's, and how.
// Names alone match only signatures with no usable email, because a
// common name on someone else's address must not become the candidate's.
func (id *Identity) Match(name, email string) (MatchKind, bool) {
	if e := normEmail(email); e != "" {
		if k, ok := id.emails[e]; ok {
			return k, true
		}
		if isNoreplyFor(e, id.Login) {
			return MatchNoreply, true
		}
		return "", false
	}
	if k, ok := id.names[normName(name)]; ok && normName(name) != "" {
		return k, true
	}
	return "", false
}

// noreplyDomain is the domain of the private commit emails GitHub gives
// every account: LOGIN@ and ID+LOGIN@.
const noreplyDomain = "users.noreply.github.com"

// isNoreplyFor recognises ID+login@users.noreply.github.com for any ID.
func isNoreplyFor(email, login string) bool {
	local, ok := strings.CutSuffix(email, "@"+noreplyDomain)
	if !ok {
		return false
	}
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[i+1:]
	}
	return local == strings.ToLower(login)
}

// NormEmail is the comparable form of an email, as identities compare
// them (see normEmail).
func NormEmail(e string) string { return normEmail(e) }

// normEmail is the comparable form of an email as commits, profiles and
// .mailmap files write it: the address inside angle brackets when there
// are any (`"Jane Doe" <jane@x.org>`), without surrounding whitespace or
// quotes, lower-cased (git hosts compare addresses without case). It is
// "" for anything without an @.
func normEmail(e string) string {
	e = strings.TrimSpace(e)
	if open := strings.LastIndexByte(e, '<'); open >= 0 {
		if end := strings.IndexByte(e[open:], '>'); end > 0 {
			e = e[open+1 : open+end]
		}
	}
	e = strings.ToLower(strings.Trim(strings.TrimSpace(e), "\"'<> \t"))
	if !strings.Contains(e, "@") {
		return ""
	}
	return e
}

func normName(n string) string {
	return strings.ToLower(strings.Join(strings.Fields(n), " "))
}
