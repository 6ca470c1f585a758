package history

import (
	"bufio"
	"bytes"
	"strings"
)

// Mailmap is a parsed .mailmap: it maps the identities on commits to the
// canonical identity of the person, as `git log --use-mailmap` does.
type Mailmap struct {
	byEmail     map[string]nameEmail
	byNameEmail map[string]nameEmail
}

// maxMailmapLines bounds the parse of a hostile .mailmap.
const maxMailmapLines = 10000

// ParseMailmap reads the forms git documents:
//
//	Proper Name <commit@email>
//	<proper@email> <commit@email>
//	Proper Name <proper@email> <commit@email>
//	Proper Name <proper@email> Commit Name <commit@email>
//
// Lines it cannot read are ignored, as git ignores them.
func ParseMailmap(data []byte) *Mailmap {
	m := &Mailmap{byEmail: map[string]nameEmail{}, byNameEmail: map[string]nameEmail{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	for n := 0; sc.Scan() && n < maxMailmapLines; n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		parts := splitMailmapLine(line)
		switch len(parts) {
		case 1: // Proper Name <commit@email> (or just <email>)
			if parts[0].name != "" {
				m.byEmail[parts[0].email] = nameEmail{name: parts[0].name}
			}
		case 2:
			proper, commit := parts[0], parts[1]
			if commit.name != "" {
				m.byNameEmail[commit.name+"\x00"+commit.email] = proper
			} else {
				m.byEmail[commit.email] = proper
			}
		}
	}
	return m
}

// nameEmail is one "Name <email>" of a mailmap line.
type nameEmail struct{ name, email string }

// splitMailmapLine returns the "Name <email>" pairs of a line, or nil.
func splitMailmapLine(line string) []nameEmail {
	var out []nameEmail
	for {
		open := strings.IndexByte(line, '<')
		if open < 0 {
			break
		}
		closing := strings.IndexByte(line[open:], '>')
		if closing < 0 {
			return nil
		}
		name := strings.Join(strings.Fields(line[:open]), " ")
		email := mailmapKey(line[open+1 : open+closing])
		out = append(out, nameEmail{name: name, email: email})
		line = line[open+closing+1:]
	}
	if strings.TrimSpace(line) != "" || len(out) == 0 || len(out) > 2 {
		return nil
	}
	return out
}

// Resolve maps a commit's name and email to the canonical ones; it reports
// whether the mailmap changed anything.
func (m *Mailmap) Resolve(name, email string) (string, string, bool) {
	if m == nil {
		return name, email, false
	}
	key := mailmapKey(email)
	entry, ok := m.byNameEmail[strings.Join(strings.Fields(name), " ")+"\x00"+key]
	if !ok {
		entry, ok = m.byEmail[key]
	}
	if !ok {
		return name, email, false
	}
	if entry.name != "" {
		name = entry.name
	}
	if entry.email != "" {
		email = entry.email
	}
	return name, email, true
}

// mailmapKey is the form an email is looked up by: normalised as the
// identity compares emails, or, for a value git accepted that has no @
// (a bare user name), just trimmed and lower-cased.
func mailmapKey(email string) string {
	if e := normEmail(email); e != "" {
		return e
	}
	return strings.ToLower(strings.TrimSpace(email))
}
