package report

// The shared view every format renders: the profile and findings turned
// into rows and sentences, escaped once. About 750 lines, one section of
// the report after another, so that the formats cannot drift apart.

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/deps"
	"github.com/pyscout/pyscout/analyzer/history"
	"github.com/pyscout/pyscout/report/words"
	"github.com/pyscout/pyscout/rules"
	libdata "github.com/pyscout/pyscout/rules/libraries"
)

// document is the report as every human-readable renderer draws it: the
// profile's and the rules' facts chosen, ordered and grouped for reading.
// It is built once per render (newDocument), so HTML, Markdown and the
// terminal cannot disagree; renderers only format it.
//
// Every string in it that could hold candidate text has been through
// plain (one line, control characters shown as escapes), and every URL
// through httpURL (http or https, or nothing). Renderers still escape for
// their own syntax: html/template contextually, md for Markdown.
//
// To add a section (say, the practices of issue 4): add a field here,
// fill it in newDocument, and render it in html.tmpl and markdown.go. A
// list of facts with counts and evidence fits a detailGroup, which every
// renderer already draws.
type document struct {
	// Subject is the login, or "inspected code".
	Subject string
	// Shortlist is the shortlist's name, role and notes (batch), plain.
	Shortlist *ShortlistEntry
	// Generated is when the analysis finished, for people (UTC).
	Generated string
	// GeneratedISO is the same moment in RFC 3339.
	GeneratedISO string
	// ToolVersion is the pyscout version.
	ToolVersion string
	Summary     summary
	// Notes are the profile's caveats (no Python code, an organisation).
	Notes []string
	// Signals are candidate-level observations worth a question.
	Signals   []string
	Checklist []checkItem
	// Stack is nil without --stack.
	Stack *stackSummary
	// Projects are the flagship briefs (projects.go).
	Projects  []project
	Questions []question
	Findings  []finding
	Libraries libraries
	// Dependencies sets each repository's declared dependencies against
	// its imports (dependencies.go).
	Dependencies []depsRow
	// Activity is nil when no history was read (inspect, --no-history).
	Activity *activity
	// Identity lists how commits were recognised (analyze only).
	Identity   []identityKind
	Lookups    []string
	Authorship []authorship
	// Contributions is nil when the events feed was not read.
	Contributions *contributions
	Repos         []repoRow
	// Details are the OOP, function and language facts, one group each.
	Details []detailGroup
	// Functions has one row per repository with functions.
	Functions []functionRow
	// Hotspots are the most complex, longest and deepest functions.
	Hotspots []hotspot
	Unseen   unseen
}

// link is candidate text with an optional http(s) URL.
type link struct {
	Text string
	URL  string
	// Role is the role of the file a piece of evidence is in, when it is
	// not source ("test", "example", ...: analyzer/roles); shown beside
	// the link so that a reader sees a claim rests on a test or example.
	Role string
}

// evidenceRole is the role shown beside an evidence link: none for the
// candidate's source, an unknown role, or a notebook (its location
// already names the notebook and cell).
func evidenceRole(role string) string {
	if role == "" || role == "source" || role == "notebook" {
		return ""
	}
	return plain(role)
}

func newLink(text, u string) link { return link{Text: plain(text), URL: httpURL(u)} }

type summary struct {
	Source string
	// Account links the login to its page; empty for inspect.
	Account      link
	Name         string
	Organisation bool
	// HasSelection is set for analyze, with the account's repository counts.
	HasSelection bool
	PublicRepos  int
	PythonRepos  int
	Analysed     int
	Skipped      int
	Totals       analyzer.Totals
	// LastActivity is the latest commit or public event, or else the
	// latest push of an analysed repository; LastActivityWhat says which.
	LastActivity     string
	LastActivityWhat string
	// RecentCommits is the candidate's commits in the activity window.
	RecentCommits int
	ActivityWeeks int
	HasActivity   bool
	// Headline are the most widely used libraries.
	Headline      []libraryRow
	MoreLibraries int
	Languages     []languageShare
}

type languageShare struct {
	Name    string
	Percent string
}

type checkItem struct {
	Title     string
	Answer    string
	Evidenced bool
	Evidence  []link
	// Status is the grade in words ("Shown", "Partly shown", "Not shown
	// in public code"), never a mark that reads like a score.
	Status string
	// StatusClass is the grade as a CSS class: shown, partly, not-shown.
	StatusClass string
	// Counter says what is missing or points the other way; empty when
	// it would only repeat the answer "No evidence in public code."
	Counter []string
}

// statusWords are the checklist's grades in words.
var statusWords = map[rules.Status]string{
	rules.StatusShown:    "Shown",
	rules.StatusPartly:   "Partly shown",
	rules.StatusNotShown: "Not shown in public code",
}

func newCheckItem(c rules.ChecklistAnswer) checkItem {
	item := checkItem{Title: plain(c.Title), Answer: plain(c.Answer), Evidenced: c.Evidenced, Evidence: evidence(c.Evidence),
		Status: statusWords[c.Status], StatusClass: strings.ReplaceAll(string(c.Status), "_", "-")}
	if item.Status == "" {
		item.Status, item.StatusClass = statusWords[rules.StatusNotShown], "not-shown"
	}
	for _, x := range c.CounterEvidence {
		if x != c.Answer {
			item.Counter = append(item.Counter, plain(x))
		}
	}
	return item
}

type stackSummary struct {
	With, Without []string
}

type question struct {
	Number    int
	Title     string
	Level     string
	Category  string
	Stack     bool
	Text      string
	Evidence  []link
	ListenFor []string
	FollowUps []string
}

type finding struct {
	Title    string
	Category string
	Text     string
	Evidence []link
}

type libraries struct {
	// Categorised is set when the libraries carry categories; Groups then
	// has one group per category, else a single unnamed group.
	Categorised bool
	Groups      []libraryGroup
	// Others names the libraries beyond the ones charted.
	Others []string
	Total  int
}

type libraryGroup struct {
	Name string
	Rows []libraryRow
}

type libraryRow struct {
	Import   string
	Files    int
	Repos    []string
	Category string
}

// maxLibraryRows bounds the libraries drawn in charts and tables.
const maxLibraryRows = 25

type activity struct {
	From, To     string
	WeeksCount   int
	Weeks        []week
	Total        int
	ActiveWeeks  int
	LastActivity string
	Spark        string
	Max          int
}

type week struct {
	Start string
	Count int
	// Level is 0 for no commit, then 1-4 by quarters of the busiest week.
	Level int
	// Month labels the first week of a month ("Jan").
	Month string
}

// identityKind counts the candidate's known identities and the commits
// recognised by one kind of match. The identities themselves (emails,
// names) are never shown in a human-readable report: JSON keeps them.
type identityKind struct {
	How string
	// Known counts the identities of this kind; Commits the commits in
	// the analysed histories they recognised.
	Known, Commits int
}

type authorship struct {
	Repo         string
	TheirCommits int
	Commits      int
	CommitShare  string
	LineShare    string
	First, Last  string
	HistoryRead  string
	Signals      []string
}

type contributions struct {
	WindowDays  int
	Unavailable string
	Opened      int
	Merged      int
	Reviews     int
	Issues      int
	Comments    int
	Items       []contributionItem
	More        int
}

type contributionItem struct {
	Date  string
	What  string
	Label link
}

// maxContributionItems bounds the contributions listed.
const maxContributionItems = 20

type repoRow struct {
	Name        link
	Description string
	Location    string
	Commit      string
	CommitURL   string
	Branch      string
	PushedAt    string
	Python      analyzer.PythonFacts
	Classes     int
	Functions   int
	Share       string
	Flags       []string
}

type unseen struct {
	Always    []string
	Skipped   []skippedRow
	Limits    []string
	FileSkips []fileSkip
}

type skippedRow struct {
	Name   link
	Reason string
}

type fileSkip struct {
	Repo     string
	Reason   string
	Count    int
	Examples []string
}

// newDocument arranges a report for reading.
func newDocument(r *Report) *document {
	p := r.Profile
	d := &document{
		Subject:      plain(subject(p)),
		Generated:    p.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC"),
		GeneratedISO: p.GeneratedAt.UTC().Format(time.RFC3339),
		ToolVersion:  plain(r.ToolVersion),
	}
	if sl := r.Shortlist; sl != nil && (sl.Name != "" || sl.Role != "" || sl.Notes != "") {
		d.Shortlist = &ShortlistEntry{Name: plain(sl.Name), Role: plain(sl.Role), Notes: plain(sl.Notes)}
	}
	for _, n := range p.Notes {
		d.Notes = append(d.Notes, plain(n))
	}
	for _, s := range p.Signals {
		d.Signals = append(d.Signals, plain(s.Text))
	}
	d.Libraries = newLibraries(p)
	d.Dependencies = newDependencies(p)
	d.Activity = newActivity(p)
	d.Summary = newSummary(p, d)
	d.addRules(r.Rules)
	d.Projects = newProjects(p)
	d.addHistory(p)
	for i := range p.Repos {
		d.Repos = append(d.Repos, newRepoRow(&p.Repos[i]))
	}
	d.Details = append(detailGroups(p), practicesGroup(p))
	d.Functions, d.Hotspots = functionTables(p)
	d.Unseen = newUnseen(p)
	return d
}

func newSummary(p *analyzer.Profile, d *document) summary {
	s := summary{
		Source:       p.Source,
		Name:         plain(p.Name),
		Organisation: p.AccountType == "Organization",
		Analysed:     len(p.Repos),
		Skipped:      len(p.Skipped),
		Totals:       p.Totals,
	}
	if p.Login != "" {
		s.Account = newLink(p.Login, p.HTMLURL)
	}
	if sel := p.Selection; sel != nil {
		s.HasSelection = true
		s.PublicRepos, s.PythonRepos = sel.PublicRepos, sel.PythonRepos
	}
	if a := d.Activity; a != nil {
		s.HasActivity = true
		s.RecentCommits, s.ActivityWeeks = a.Total, a.WeeksCount
		if a.LastActivity != "" {
			s.LastActivity, s.LastActivityWhat = a.LastActivity, "latest commit or public event"
		}
	}
	if s.LastActivity == "" {
		if last := p.LatestPush(); last != nil {
			s.LastActivity, s.LastActivityWhat = last.UTC().Format("2006-01-02"), "latest push to an analysed repository"
		}
	}
	for i, l := range p.Libraries {
		if i == 5 {
			s.MoreLibraries = len(p.Libraries) - 5
			break
		}
		s.Headline = append(s.Headline, newLibraryRow(l))
	}
	s.Languages = languageShares(p.Languages)
	return s
}

// languageShares lists the languages by bytes, largest first, at most
// six, with their share of the total.
func languageShares(langs map[string]int64) []languageShare {
	type kv struct {
		name  string
		bytes int64
	}
	var all []kv
	var total int64
	for n, b := range langs {
		all = append(all, kv{n, b})
		total += b
	}
	if total == 0 {
		return nil
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].bytes != all[j].bytes {
			return all[i].bytes > all[j].bytes
		}
		return all[i].name < all[j].name
	})
	var out []languageShare
	for i, l := range all {
		if i == 6 {
			break
		}
		pct := float64(l.bytes) * 100 / float64(total)
		share := fmt.Sprintf("%.0f%%", pct)
		if pct < 1 {
			share = "<1%"
		}
		out = append(out, languageShare{Name: plain(l.name), Percent: share})
	}
	return out
}

func (d *document) addRules(res *rules.Result) {
	if res == nil {
		return
	}
	for _, c := range res.Checklist {
		d.Checklist = append(d.Checklist, newCheckItem(c))
	}
	if len(res.Stack) > 0 {
		st := &stackSummary{}
		for _, s := range res.Stack {
			if s.Evidence {
				st.With = append(st.With, plain(s.Name))
			} else {
				st.Without = append(st.Without, plain(s.Name))
			}
		}
		d.Stack = st
	}
	for i, q := range res.Questions {
		d.Questions = append(d.Questions, question{
			Number: i + 1, Title: plain(q.Title), Level: plain(q.Level), Category: plain(q.Category), Stack: q.Stack,
			Text: plain(q.Text), Evidence: evidence(q.Evidence), ListenFor: plainAll(q.ListenFor), FollowUps: plainAll(q.FollowUps),
		})
	}
	for _, f := range res.Findings {
		d.Findings = append(d.Findings, finding{Title: plain(f.Title), Category: plain(f.Category), Text: plain(f.Text), Evidence: evidence(f.Evidence)})
	}
}

// evidence turns evidence items into links to the exact lines at the
// analysed commit, or plain locations where there is no web page.
func evidence(items []rules.Item) []link {
	out := make([]link, 0, len(items))
	for _, it := range items {
		l := newLink(it.Location(), it.URL)
		l.Role = evidenceRole(it.Role)
		out = append(out, l)
	}
	return out
}

func plainAll(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, plain(s))
	}
	return out
}

func newLibraryRow(l deps.CandidateLibrary) libraryRow {
	return libraryRow{Import: plain(l.Import), Files: l.Files, Repos: plainAll(l.Repos), Category: plain(categoryName(l.Category))}
}

// categoryName is the display name of a taxonomy category ID ("Web
// frameworks" for web_frameworks), "" for none. An ID the embedded
// taxonomy does not know (a user's own data file) is shown as it is.
func categoryName(id string) string {
	if id == "" {
		return ""
	}
	if c, ok := libdata.Default().Category(id); ok {
		return c.Name
	}
	return id
}

func newLibraries(p *analyzer.Profile) libraries {
	rows := make([]libraryRow, 0, len(p.Libraries))
	for _, l := range p.Libraries {
		rows = append(rows, newLibraryRow(l))
	}
	return groupLibraries(rows)
}

// groupLibraries keeps the profile's order (most widely used first) and,
// when any library has a category, groups them by category, the category
// with the most files first; libraries without one go last under "Other".
func groupLibraries(rows []libraryRow) libraries {
	out := libraries{Total: len(rows)}
	shown := rows
	if len(shown) > maxLibraryRows {
		for _, r := range shown[maxLibraryRows:] {
			out.Others = append(out.Others, r.Import)
		}
		shown = shown[:maxLibraryRows]
	}
	for _, r := range shown {
		if r.Category != "" {
			out.Categorised = true
		}
	}
	if !out.Categorised {
		if len(shown) > 0 {
			out.Groups = []libraryGroup{{Rows: shown}}
		}
		return out
	}
	index := map[string]int{}
	files := map[string]int{}
	for _, r := range shown {
		name := r.Category
		if name == "" {
			name = "Other"
		}
		if _, ok := index[name]; !ok {
			index[name] = len(out.Groups)
			out.Groups = append(out.Groups, libraryGroup{Name: name})
		}
		g := &out.Groups[index[name]]
		g.Rows = append(g.Rows, r)
		files[name] += r.Files
	}
	sort.SliceStable(out.Groups, func(i, j int) bool {
		a, b := out.Groups[i].Name, out.Groups[j].Name
		if (a == "Other") != (b == "Other") {
			return b == "Other"
		}
		if files[a] != files[b] {
			return files[a] > files[b]
		}
		return a < b
	})
	return out
}

func newActivity(p *analyzer.Profile) *activity {
	a := p.Activity
	if a == nil {
		return nil
	}
	out := &activity{
		From:        a.Window.From.UTC().Format("2006-01-02"),
		To:          a.Window.To.UTC().Format("2006-01-02"),
		WeeksCount:  a.Window.Weeks,
		ActiveWeeks: a.ActiveWeeks,
		Spark:       sparkline(a.Weekly),
	}
	if a.LastActivity != nil {
		out.LastActivity = a.LastActivity.UTC().Format("2006-01-02")
	}
	out.Total = a.Commits
	for _, n := range a.Weekly {
		out.Max = max(out.Max, n)
	}
	lastMonth := time.Month(0)
	for i, n := range a.Weekly {
		start := a.Window.From.UTC().AddDate(0, 0, 7*i)
		w := week{Start: start.Format("2006-01-02"), Count: n}
		w.Level = heatLevel(n, out.Max)
		// A week is labelled with the month its Thursday falls in, as ISO
		// weeks are; the first column is labelled only if the month
		// starts there too, so labels never crowd at the left edge.
		if m := start.AddDate(0, 0, 3).Month(); m != lastMonth {
			if i > 0 || start.AddDate(0, 0, 3).Day() <= 7 {
				w.Month = m.String()[:3]
			}
			lastMonth = m
		}
		out.Weeks = append(out.Weeks, w)
	}
	return out
}

// heatLevel places a week's count in one of four quarters of the busiest
// week, 0 being no commit at all.
func heatLevel(count, busiest int) int {
	if count <= 0 {
		return 0
	}
	return min(4, 1+(4*count-1)/max(busiest, 1))
}

// identityKinds counts the known identities and the commits they
// recognised by kind of match, in history's order (strongest first): how
// commits were recognised, without the addresses.
func identityKinds(p *analyzer.Profile) []identityKind {
	order := []history.MatchKind{history.MatchNoreply, history.MatchPublicEmail, history.MatchAttributedEmail,
		history.MatchAttributedName, history.MatchMailmap}
	known, commits := map[history.MatchKind]int{}, map[history.MatchKind]int{}
	for _, e := range p.Identity.Emails {
		known[e.Kind]++
	}
	for i := range p.Repos {
		if h := p.Repos[i].History; h != nil {
			for k, n := range h.MatchedBy {
				commits[k] += n
			}
		}
	}
	for k := range known {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	for k := range commits {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	var out []identityKind
	for _, k := range order {
		if known[k] > 0 || commits[k] > 0 {
			out = append(out, identityKind{How: strings.ReplaceAll(plain(string(k)), "_", " "), Known: known[k], Commits: commits[k]})
		}
	}
	return out
}

func (d *document) addHistory(p *analyzer.Profile) {
	if id := p.Identity; id != nil {
		d.Identity = identityKinds(p)
		d.Lookups = plainAll(id.Lookups)
	}
	for i := range p.Repos {
		r := &p.Repos[i]
		h := r.History
		if h == nil {
			continue
		}
		a := authorship{
			Repo: plain(r.Name), TheirCommits: h.TheirCommits, Commits: h.Commits - h.BotCommits, CommitShare: percent(h.CommitShare),
			LineShare: "-", First: firstCommitDate(h), Last: date(h.LastCommit), HistoryRead: "whole history",
		}
		if h.LinesAdded-h.BotLinesAdded > 0 {
			a.LineShare = percent(h.LineShare)
		}
		if !h.Complete {
			a.HistoryRead = fmt.Sprintf("last %d commits", h.Commits)
		}
		if h.BotCommits > 0 {
			a.HistoryRead += fmt.Sprintf("; %s left out", words.Plural(h.BotCommits, "bot commit"))
		}
		for _, s := range h.Signals {
			a.Signals = append(a.Signals, plain(s.Text))
		}
		d.Authorship = append(d.Authorship, a)
	}
	if c := p.Contributions; c != nil {
		out := &contributions{WindowDays: c.WindowDays, Unavailable: plain(c.Unavailable), Opened: c.PullRequestsOpened,
			Merged: c.PullRequestsMerged, Reviews: c.Reviews, Issues: c.IssuesOpened, Comments: c.IssueComments}
		for i, it := range c.Items {
			if i == maxContributionItems {
				out.More = len(c.Items) - maxContributionItems
				break
			}
			label := fmt.Sprintf("%s#%d %s", it.Repo, it.Number, it.Title)
			out.Items = append(out.Items, contributionItem{
				Date:  it.Date.UTC().Format("2006-01-02"),
				What:  plain(strings.ReplaceAll(it.Kind, "_", " ") + " " + it.State),
				Label: newLink(strings.TrimSpace(label), it.URL),
			})
		}
		d.Contributions = out
	}
}

func newRepoRow(r *analyzer.RepoFacts) repoRow {
	row := repoRow{
		Name:        newLink(r.Name, r.URL),
		Description: plain(r.Description),
		Branch:      plain(r.Branch),
		Python:      r.Python,
		Classes:     r.Python.Classes,
		Functions:   r.Python.Functions,
		Flags:       plainAll(repoFlags(r)),
	}
	if nb := r.Python.NotebookCode; nb != nil {
		row.Classes += nb.Classes
		row.Functions += nb.Functions
	}
	if r.URL == "" {
		row.Location = plain(r.Location)
	}
	if r.Commit != "" {
		row.Commit = shortSHA(plain(r.Commit))
		if u := r.BlobURL("", 0, 0); u != "" {
			row.CommitURL = httpURL(strings.Replace(u, "/blob/", "/tree/", 1))
		}
	}
	if r.PushedAt != nil {
		row.PushedAt = r.PushedAt.UTC().Format("2006-01-02")
	}
	if h := r.History; h != nil {
		// Of the commits by people: bots' commits are in neither count.
		row.Share = fmt.Sprintf("%d of %d (%s)", h.TheirCommits, h.Commits-h.BotCommits, percent(h.CommitShare))
	}
	return row
}

func newUnseen(p *analyzer.Profile) unseen {
	u := unseen{}
	if p.Source == "inspect" {
		u.Always = append(u.Always, "Anything outside the inspected paths: other projects, private work, work for employers.",
			"Who wrote each line: inspected code counts as the candidate's.")
	} else {
		u.Always = append(u.Always, "Private repositories, work for employers, and code outside GitHub.")
		if p.Activity == nil {
			u.Always = append(u.Always, "Who wrote each line: history was not read, so shared and forked code counts as the repository's.")
		} else {
			u.Always = append(u.Always, "Commits made under an email GitHub does not link to the account.")
		}
	}
	for _, s := range p.Skipped {
		u.Skipped = append(u.Skipped, skippedRow{Name: newLink(s.Name, s.URL), Reason: plain(s.Reason)})
	}
	if sel := p.Selection; sel != nil {
		forks := "forks left out unless pushed to since they were made"
		if sel.IncludeForks {
			forks = "forks included"
		}
		u.Limits = append(u.Limits, fmt.Sprintf("At most %d Python repositories analysed, most recently pushed first; repositories over %d MB skipped; %s.",
			sel.MaxRepos, sel.MaxRepoMB, forks))
	}
	for i := range p.Repos {
		r := &p.Repos[i]
		if r.Walk.Truncated {
			u.Limits = append(u.Limits, fmt.Sprintf("%s: the file limit stopped the walk; later files were not read.", plain(r.Name)))
		}
		if h := r.History; h != nil && !h.Complete {
			u.Limits = append(u.Limits, fmt.Sprintf("%s: only the last %d commits of history were read.", plain(r.Name), h.Commits))
		}
		if r.ForkOf != "" {
			u.Limits = append(u.Limits, fmt.Sprintf("%s: a fork of %s; only the files its owner's own commits changed were analysed.", plain(r.Name), plain(r.ForkOf)))
		}
		if a := r.AllTime; a != nil && a.Unavailable != "" {
			u.Limits = append(u.Limits, fmt.Sprintf("%s: GitHub's contributor statistics (the whole-history share) were unavailable: %s.", plain(r.Name), plain(a.Unavailable)))
		}
		u.Limits = append(u.Limits, skippedManifestLines(r)...)
		for _, reason := range slices.Sorted(maps.Keys(r.Python.Unanalysed)) {
			u.Limits = append(u.Limits, fmt.Sprintf("%s: %s not analysed (%s).", plain(r.Name), words.Plural(r.Python.Unanalysed[reason], "file"), strings.ReplaceAll(plain(reason), "_", " ")))
		}
		for _, reason := range r.Walk.Reasons() {
			u.FileSkips = append(u.FileSkips, fileSkip{
				Repo: plain(r.Name), Reason: strings.ReplaceAll(plain(string(reason)), "_", " "),
				Count: r.Walk.Skipped[reason], Examples: plainAll(r.Walk.Examples[reason]),
			})
		}
	}
	if id := p.Identity; id != nil && id.Unavailable != "" {
		u.Limits = append(u.Limits, fmt.Sprintf("Commits GitHub would have attributed to the candidate: the attribution lookups were unavailable: %s.", plain(id.Unavailable)))
	}
	if c := p.Contributions; c != nil {
		u.Limits = append(u.Limits, fmt.Sprintf("Work on other people's projects older than %d days (GitHub's events feed reaches no further).", c.WindowDays))
		if c.Unavailable != "" {
			u.Limits = append(u.Limits, fmt.Sprintf("Work on other people's projects: GitHub's events feed was unavailable: %s.", plain(c.Unavailable)))
		}
	}
	if p.API != nil {
		u.Limits = append(u.Limits, fmt.Sprintf("This run used %s.", words.Plural(p.API.Requests, "GitHub API request")))
	}
	return u
}

// maxSkippedManifestLines bounds the unread manifests named per
// repository; the JSON lists them all.
const maxSkippedManifestLines = 5

// skippedManifestLines names the manifests of a repository that were not
// read, and why, one line each.
func skippedManifestLines(r *analyzer.RepoFacts) []string {
	if r.Dependencies == nil {
		return nil
	}
	var out []string
	skipped := r.Dependencies.SkippedManifests
	for i, s := range skipped {
		if i == maxSkippedManifestLines {
			out = append(out, fmt.Sprintf("%s: %d more manifests not read (listed in the JSON report).", plain(r.Name), len(skipped)-i))
			break
		}
		out = append(out, fmt.Sprintf("%s: manifest %s not read: %s; what it declares is unknown.", plain(r.Name), plain(s.Path), plain(s.Reason)))
	}
	return out
}

// firstCommitDate is the candidate's first commit in a repository. Where
// the history read was cut short it is only a bound: their first commit
// may be older, so it is written "on or before DATE".
func firstCommitDate(h *history.RepoHistory) string {
	if h.FirstCommit == nil || h.Complete {
		return date(h.FirstCommit)
	}
	return "on or before " + date(h.FirstCommit)
}
