// Package analyzer runs the pipeline, one way: fetch (GitHub API) -> clone
// (go-git) -> walk files -> parse Python -> facts per repo -> profile of the
// candidate. It returns plain data and never prints; progress goes to a
// callback that the command renders.
package analyzer

import (
	"strconv"
	"time"

	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/analyzer/deps"
	"github.com/pyscout/pyscout/analyzer/history"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/walk"
)

// Profile is everything pyscout learned about one candidate (or one set of
// inspected paths). Its JSON form is the report's contract: field names are
// never renamed without a schema version bump.
type Profile struct {
	// Login is the GitHub account analysed; empty for `pyscout inspect`.
	Login string `json:"login"`
	// AccountType is "User" or "Organization" (GitHub's words); empty for inspect.
	AccountType string `json:"account_type,omitempty"`
	// Name is the display name the account gives.
	Name string `json:"name,omitempty"`
	// HTMLURL is the account's page.
	HTMLURL string `json:"html_url,omitempty"`
	// Source is "github" for analyze and "inspect" for inspect.
	Source string `json:"source"`
	// GeneratedAt is when the analysis finished.
	GeneratedAt time.Time `json:"generated_at"`
	// Repos are the repositories analysed, most recently pushed first.
	Repos []RepoFacts `json:"repos"`
	// Skipped are the repositories or targets not analysed, each with why.
	Skipped []SkippedRepo `json:"skipped"`
	// Notes are plain-language caveats for the reader (no public Python code,
	// an organisation, limits that applied).
	Notes []string `json:"notes,omitempty"`
	// Totals sums the main Python figures over Repos.
	Totals Totals `json:"totals"`
	// Code sums the Python facts of Repos, notebook code included, under
	// the names each repository's python facts use: counts add, maxima
	// take the largest, ratios and means are computed again from their
	// parts. Lists (evidence, libraries, modules) stay with each
	// repository and are empty here. The rules and the report read the
	// candidate's figures from here.
	Code python.CodeFacts `json:"code"`
	// Functions ranks the functions of all Repos together (most complex,
	// longest, most deeply nested), each with its repository: the one list
	// that findings and the report's tables both read.
	Functions FunctionRanking `json:"function_ranking"`
	// Libraries are the third-party libraries over all Repos, most widely
	// used first: the import, its distribution and category, whether it
	// is declared, and where.
	Libraries []deps.CandidateLibrary `json:"libraries"`
	// Selection records the limits that chose the repositories.
	Selection *Selection `json:"selection,omitempty"`
	// API records what the run cost against GitHub's rate limit.
	API *APIUsage `json:"api,omitempty"`
	// Cache records the work the caches saved the run.
	Cache *CacheUse `json:"cache,omitempty"`
	// Identity lists the emails recognised as the candidate's on commits,
	// each with how it was learned (analyze only).
	Identity *IdentityReport `json:"identity,omitempty"`
	// Activity is the candidate's weekly commit series over all analysed
	// repositories (analyze only).
	Activity *history.Activity `json:"activity,omitempty"`
	// Contributions are the candidate's recent public work on other
	// people's repositories, from GitHub's events feed (analyze only).
	Contributions *Contributions `json:"contributions,omitempty"`
	// Languages sums the bytes of code per language over the analysed
	// repositories (go-enry, vendored and generated files excluded).
	Languages map[string]int64 `json:"languages,omitempty"`
	// Practices summarises the repositories' engineering practices.
	Practices *practices.CandidatePractices `json:"practices,omitempty"`
	// Briefs describe the candidate's flagship repositories (at most
	// brief.MaxBriefs, ranked by the candidate's own source and notebook
	// lines): what each is, its central modules, key abstractions, design
	// decisions and maintenance facts, each with evidence.
	Briefs []brief.Brief `json:"briefs"`
	// Signals are candidate-level observations worth a question, never
	// verdicts: notebooks_only, inactive.
	Signals []history.Signal `json:"signals,omitempty"`
}

// IdentityReport says how the candidate's commits were recognised.
type IdentityReport struct {
	Login  string                  `json:"login"`
	Emails []history.KnownIdentity `json:"emails"`
	// Lookups lists the repositories whose commits GitHub was asked to
	// attribute, to learn identities not on the profile.
	Lookups []string `json:"lookups,omitempty"`
	// LookupResults is every lookup in Lookups with why it was asked and
	// what it taught or why it failed.
	LookupResults []IdentityLookup `json:"lookup_results,omitempty"`
	// Unavailable says why the attribution lookups stopped early (a rate
	// limit), when they did; identities they would have found are missing.
	Unavailable string `json:"unavailable,omitempty"`
}

// Contributions summarises the candidate's public events on repositories
// they do not own.
type Contributions struct {
	// WindowDays is how far back GitHub's events feed reaches (90 days,
	// at most 300 events).
	WindowDays         int                `json:"window_days"`
	PullRequestsOpened int                `json:"pull_requests_opened"`
	PullRequestsMerged int                `json:"pull_requests_merged"`
	Reviews            int                `json:"reviews"`
	IssuesOpened       int                `json:"issues_opened"`
	IssueComments      int                `json:"issue_comments"`
	Items              []ContributionItem `json:"items"`
	// Unavailable says why the feed could not be read, when it could not.
	Unavailable string `json:"unavailable,omitempty"`
}

// ContributionItem is one pull request, review or issue, linked.
type ContributionItem struct {
	Kind   string    `json:"kind"`
	Repo   string    `json:"repo"`
	Number int       `json:"number,omitempty"`
	Title  string    `json:"title,omitempty"`
	URL    string    `json:"url,omitempty"`
	Date   time.Time `json:"date"`
	State  string    `json:"state,omitempty"`
}

// RepoFacts are the facts about one analysed repository.
type RepoFacts struct {
	// Name is the repository name (or the inspected directory's base name).
	Name string `json:"name"`
	// FullName is OWNER/NAME on GitHub.
	FullName string `json:"full_name,omitempty"`
	// URL is the repository's web page; evidence links are built from it.
	URL string `json:"url,omitempty"`
	// Location is the clone URL or local path that was read.
	Location string `json:"location,omitempty"`
	// Description is the repository description, candidate-written text.
	Description string `json:"description,omitempty"`
	// Commit is the 40-hex SHA analysed; empty for a directory outside git.
	Commit string `json:"commit"`
	// Branch is the branch the commit was taken from.
	Branch string `json:"branch,omitempty"`
	// PrimaryLanguage is GitHub's primary language of the repository.
	PrimaryLanguage string `json:"primary_language,omitempty"`
	// Fork and Archived are GitHub's flags.
	Fork     bool `json:"fork"`
	Archived bool `json:"archived"`
	// PushedAt is the last push GitHub reports.
	PushedAt *time.Time `json:"pushed_at,omitempty"`
	// SizeKB is GitHub's size of the repository.
	SizeKB int `json:"size_kb,omitempty"`
	// Python holds the Python facts.
	Python PythonFacts `json:"python"`
	// Roles counts the repository's Python files and notebooks by role
	// (source, test, example, benchmark, notebook, docs, scaffold:
	// docs/roles.md); omitted when none was analysed.
	Roles map[string]int `json:"roles,omitempty"`
	// Walk says how many files were looked at and which were skipped.
	Walk walk.Stats `json:"walk"`
	// ForkOf is the upstream OWNER/NAME of a fork analysed for its owner's
	// own commits; then only the files those commits changed are analysed.
	ForkOf string `json:"fork_of,omitempty"`
	// AheadBy is how many commits such a fork has beyond its upstream.
	AheadBy int `json:"ahead_by,omitempty"`
	// History is who wrote the repository and when (analyze only).
	History *history.RepoHistory `json:"history,omitempty"`
	// Dependencies joins the repository's manifests with its imports:
	// each library's distribution, category and declaration, declared but
	// unused and imported but undeclared packages, manifest warnings.
	Dependencies *deps.Report `json:"dependencies,omitempty"`
	// Practices are the repository's tests, CI, tooling, packaging and
	// documentation, with evidence.
	Practices *practices.RepoPractices `json:"practices,omitempty"`
	// AllTime is the candidate's share of the whole history from GitHub's
	// contributor statistics, fetched only where the clone's history was
	// cut short.
	AllTime *ContributorShare `json:"all_time,omitempty"`
}

// ContributorShare is the candidate's share of a repository's whole
// history according to GitHub, or why it is unknown. GitHub counts only
// commits it attributes to an account, so Commits and Additions leave out
// commits by emails linked to no one.
type ContributorShare struct {
	Commits        int    `json:"commits"`
	TheirCommits   int    `json:"their_commits"`
	Additions      int    `json:"additions"`
	TheirAdditions int    `json:"their_additions"`
	Unavailable    string `json:"unavailable,omitempty"`
}

// BlobURL links to path at the analysed commit, lines from-to (0 for none).
func (r *RepoFacts) BlobURL(path string, from, to int) string {
	if r.URL == "" || r.Commit == "" {
		return ""
	}
	u := r.URL + "/blob/" + r.Commit + "/" + escapePath(path)
	switch {
	case from > 0 && to > from:
		u += "#L" + strconv.Itoa(from) + "-L" + strconv.Itoa(to)
	case from > 0:
		u += "#L" + strconv.Itoa(from)
	}
	return u
}

// PythonFacts are the facts about the Python code of a repo. The parsed
// facts (classes, functions, imports, libraries, OOP, function
// statistics, features) are python.CodeFacts inline; Files, Lines and
// Bytes here count every kept file, including any the parser could not
// finish (see Unanalysed), and take the place of CodeFacts' own.
type PythonFacts struct {
	// Files counts .py and .pyi files and python scripts without extension.
	Files int `json:"files"`
	// Notebooks counts .ipynb files.
	Notebooks int `json:"notebooks"`
	// Lines counts the physical lines of Files (notebooks not included).
	Lines int `json:"lines"`
	// Bytes is the size of Files.
	Bytes int64 `json:"bytes"`
	python.CodeFacts
	// NotebookCode is the same analysis over the notebooks' code cells.
	NotebookCode *python.CodeFacts `json:"notebook_code,omitempty"`
	// Unanalysed counts kept files that yielded no facts, by reason
	// (parse_timeout, too_large, invalid_notebook).
	Unanalysed map[string]int `json:"unanalysed,omitempty"`
}

// Totals sums the main Python figures over the analysed repositories.
type Totals struct {
	Files       int   `json:"files"`
	Notebooks   int   `json:"notebooks"`
	Lines       int   `json:"lines"`
	Bytes       int64 `json:"bytes"`
	Classes     int   `json:"classes"`
	Functions   int   `json:"functions"`
	ParseErrors int   `json:"parse_errors"`
}

func (t *Totals) add(p *PythonFacts) {
	t.Files += p.Files
	t.Notebooks += p.Notebooks
	t.Lines += p.Lines
	t.Bytes += p.Bytes
	t.Classes += p.Classes
	t.Functions += p.Functions
	t.ParseErrors += p.ParseErrors
	if nb := p.NotebookCode; nb != nil {
		t.Classes += nb.Classes
		t.Functions += nb.Functions
		t.ParseErrors += nb.ParseErrors
	}
}

// SkippedRepo is a repository (or inspect target) that was not analysed.
type SkippedRepo struct {
	Name string `json:"name"`
	// Reason is why, in one short line fit for a table cell, e.g.
	// "clone failed: server error (HTTP 500) after 3 tries".
	Reason string `json:"reason"`
	// Detail is the full error behind Reason, when there was one: for a
	// closer look, not for a table.
	Detail string `json:"detail,omitempty"`
	// URL is the repository page, when there is one.
	URL string `json:"url,omitempty"`
	// Archived and Fork help the reader see why a repo was left out.
	Fork     bool `json:"fork,omitempty"`
	Archived bool `json:"archived,omitempty"`
}

// Selection records the limits that chose the repositories.
type Selection struct {
	MaxRepos     int  `json:"max_repos,omitempty"`
	MaxRepoMB    int  `json:"max_repo_mb,omitempty"`
	IncludeForks bool `json:"include_forks"`
	// PublicRepos is how many public repos the account lists.
	PublicRepos int `json:"public_repos"`
	// PythonRepos is how many of those look like Python.
	PythonRepos int `json:"python_repos"`
}

// APIUsage is the cost of a run against GitHub's rate limit.
type APIUsage struct {
	Requests int `json:"requests"`
	// NotModified counts the requests answered 304 Not Modified: answers
	// revalidated from the HTTP cache, which GitHub does not count against
	// an authenticated client's rate limit.
	NotModified   int        `json:"not_modified,omitempty"`
	Authenticated bool       `json:"authenticated"`
	RateLimit     int        `json:"rate_limit,omitempty"`
	RateRemaining int        `json:"rate_remaining,omitempty"`
	RateReset     *time.Time `json:"rate_reset,omitempty"`
}

// LibraryUse is a third-party library across the candidate's repositories.
type LibraryUse = deps.CandidateLibrary

// CacheUse is what the caches under the cache directory saved a run.
type CacheUse struct {
	// Results is the results cache's: files parsed, histories walked.
	Results *ResultsCacheUse `json:"results,omitempty"`
}

// LatestPush is the most recent push GitHub reports for any analysed
// repository, nil when none has one: the candidate's last activity where
// the history gives none (inspect, --no-history). The report's summary
// and batch's comparison both read it.
func (p *Profile) LatestPush() *time.Time {
	var last *time.Time
	for i := range p.Repos {
		if t := p.Repos[i].PushedAt; t != nil && (last == nil || t.After(*last)) {
			last = t
		}
	}
	return last
}
