package report

// The Projects section: one brief per flagship repository (analyzer/brief),
// arranged for reading once here and drawn by every human format. Nothing
// is computed but words and percentages: the briefs carry the facts.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/report/words"
)

// project is one brief as the reports show it. Every string has been
// through plain, every URL through httpURL.
type project struct {
	Repo link
	What string
	// Share says how much of the code is theirs, in words; Theirs is
	// the percentage alone, for the terminal ("" when unknown).
	Share        string
	Theirs       string
	Languages    []languageShare
	Central      []projectModule
	Abstractions []projectAbstraction
	Decisions    []projectDecision
	// Maintenance are short phrases (published as, used in, CI matrix)
	// and the changelog, the one with a link.
	Maintenance []link
}

type projectModule struct {
	Link  link
	Lines int
	Share string
	Why   string
}

type projectAbstraction struct {
	Link link
	Kind string
	Why  string
}

type projectDecision struct {
	Label    string
	Text     string
	Evidence []link
}

// decisionLabels name the decisions of analyzer/brief for people; an ID
// not listed is shown with its underscores as spaces.
var decisionLabels = map[string]string{
	brief.DecisionInitApp:          "init_app extension pattern",
	brief.DecisionSyncAsyncTwins:   "sync and async twins",
	brief.DecisionPluggableBackend: "pluggable backends",
	brief.DecisionStoredCallbacks:  "callbacks stored on objects",
	brief.DecisionRegistering:      "registering decorators",
	brief.DecisionContextManagers:  "context managers",
	brief.DecisionDescriptors:      "descriptors",
	brief.DecisionMetaclasses:      "metaclasses",
	brief.DecisionDataModels:       "data models",
	brief.DecisionConfigExec:       "configuration by running a file",
	brief.DecisionNativeExtension:  "native extension",
	brief.DecisionReferenceTests:   "tests against a reference",
}

func decisionLabel(id string) string {
	if l, ok := decisionLabels[id]; ok {
		return l
	}
	return strings.ReplaceAll(plain(id), "_", " ")
}

// sharePercent writes a share (0 to 1) as a whole percentage, "<1%" for a
// sliver that would round to nothing.
func sharePercent(f float64) string {
	if f > 0 && f < 0.005 {
		return "<1%"
	}
	return percent(f)
}

// newProjects arranges the profile's briefs, in their order.
func newProjects(p *analyzer.Profile) []project {
	var out []project
	for i := range p.Briefs {
		b := &p.Briefs[i]
		r := repoFactsNamed(p, b.Repo)
		pr := project{Repo: newLink(b.Repo, r.URL), What: plain(b.What)}
		switch {
		case b.TheirShare != nil:
			pr.Theirs = sharePercent(*b.TheirShare)
			pr.Share = fmt.Sprintf("%s of the source and notebook lines (%s)", sharePercent(*b.TheirShare), words.Plural(b.TheirLines, "line"))
		case b.TheirLines > 0:
			pr.Share = fmt.Sprintf("authorship unknown; %s of source and notebook code", words.Plural(b.TheirLines, "line"))
		}
		for _, l := range b.Languages {
			pr.Languages = append(pr.Languages, languageShare{Name: plain(l.Name), Percent: sharePercent(l.Share)})
		}
		for _, m := range b.Central {
			pm := projectModule{Link: newLink(m.Path, r.BlobURL(m.Path, m.Line, 0)), Lines: m.Lines, Why: plain(m.Why)}
			if m.TheirShare != nil {
				pm.Share = sharePercent(*m.TheirShare)
			}
			pr.Central = append(pr.Central, pm)
		}
		for _, a := range b.Abstractions {
			pr.Abstractions = append(pr.Abstractions, projectAbstraction{
				Link: newLink(a.Name, r.BlobURL(a.Evidence.Path, a.Evidence.Line, 0)),
				Kind: strings.ReplaceAll(plain(a.Kind), "_", " "), Why: plain(a.Why),
			})
		}
		for _, d := range b.Decisions {
			pd := projectDecision{Label: decisionLabel(d.ID), Text: plain(d.Text)}
			for _, ev := range d.Evidence {
				loc := ev.Path
				if ev.Line > 0 {
					loc += ":" + strconv.Itoa(ev.Line)
				}
				pd.Evidence = append(pd.Evidence, newLink(loc, r.BlobURL(ev.Path, ev.Line, ev.EndLine)))
			}
			pr.Decisions = append(pr.Decisions, pd)
		}
		for _, s := range maintainerLines(b.Maintainer) {
			pr.Maintenance = append(pr.Maintenance, link{Text: s})
		}
		if c := b.Maintainer.Changelog; c != "" {
			pr.Maintenance = append(pr.Maintenance, newLink("changelog "+c, r.BlobURL(c, 0, 0)))
		}
		out = append(out, pr)
	}
	return out
}

// maintainerLines says what maintaining the project involves, one short
// phrase each: where it is published, who depends on it, what CI runs.
func maintainerLines(m brief.Maintainer) []string {
	var out []string
	if m.PublishedAs != "" {
		out = append(out, "published as "+plain(m.PublishedAs))
	}
	if len(m.UsedIn) > 0 {
		out = append(out, "used in "+strings.Join(plainAll(m.UsedIn), ", "))
	}
	var ci []string
	if len(m.CI.PythonVersions) > 0 {
		ci = append(ci, "Python "+strings.Join(plainAll(m.CI.PythonVersions), ", "))
	}
	if len(m.CI.OS) > 0 {
		ci = append(ci, strings.Join(plainAll(m.CI.OS), ", "))
	}
	if len(m.CI.Implementations) > 0 {
		ci = append(ci, strings.Join(plainAll(m.CI.Implementations), ", "))
	}
	if len(ci) > 0 {
		out = append(out, "CI tests "+strings.Join(ci, "; "))
	}
	return out
}

// repoFactsNamed finds a brief's repository; an empty one (no links) when
// the profile does not hold it.
func repoFactsNamed(p *analyzer.Profile, name string) *analyzer.RepoFacts {
	for i := range p.Repos {
		if p.Repos[i].Name == name {
			return &p.Repos[i]
		}
	}
	return &analyzer.RepoFacts{Name: name}
}

// projectsIntro introduces the section in every format.
const projectsIntro = "The candidate's flagship repositories, ranked by their own lines in source and notebook files: what each is, " +
	"the modules that carry it, its key types and entry points and the design decisions it makes, each linked to its lines at the analysed commit."

func (m mdWriter) projects(d *document) {
	if len(d.Projects) == 0 {
		return
	}
	m.out("## Projects\n\n%s\n\n", projectsIntro)
	for _, p := range d.Projects {
		m.out("### %s\n\n", mdLinkOf(p.Repo))
		if p.What != "" {
			m.out("%s\n\n", md(p.What))
		}
		if p.Share != "" {
			// Share is pyscout's own words around numbers: no escape.
			m.out("- Theirs: %s\n", p.Share)
		}
		if len(p.Languages) > 0 {
			var langs []string
			for _, l := range p.Languages {
				langs = append(langs, md(l.Name)+" "+l.Percent)
			}
			m.out("- Languages: %s\n", strings.Join(langs, ", "))
		}
		if len(p.Central) > 0 {
			m.out("- Central modules:\n")
			for _, c := range p.Central {
				m.out("  - %s (%s): %s\n", mdLinkOf(c.Link), words.Plural(c.Lines, "line"), md(c.Why))
			}
		}
		if len(p.Abstractions) > 0 {
			m.out("- Key abstractions:\n")
			for _, a := range p.Abstractions {
				m.out("  - %s (%s): %s\n", mdLinkOf(a.Link), md(a.Kind), md(a.Why))
			}
		}
		if len(p.Decisions) > 0 {
			m.out("- Decisions:\n")
			for _, dec := range p.Decisions {
				line := "  - " + md(dec.Label) + ": " + md(dec.Text)
				if len(dec.Evidence) > 0 {
					line += " (" + m.evidence(dec.Evidence) + ")"
				}
				m.out("%s\n", line)
			}
		}
		if len(p.Maintenance) > 0 {
			var parts []string
			for _, l := range p.Maintenance {
				parts = append(parts, mdLinkOf(l))
			}
			m.out("- Maintenance: %s\n", strings.Join(parts, "; "))
		}
		m.out("\n")
	}
}

// tableProjects writes the short form of the section for the terminal:
// two lines per project, cut to the width.
func tableProjects(out func(string), d *document, width int, c painter) {
	if len(d.Projects) == 0 {
		return
	}
	out(c.bold("Projects (details in the Markdown report):"))
	cut := func(s string) string { return runewidth.Truncate(s, width, "…") }
	for _, p := range d.Projects {
		var facts []string
		if len(p.Languages) > 0 {
			var langs []string
			for _, l := range p.Languages {
				langs = append(langs, l.Name+" "+l.Percent)
			}
			facts = append(facts, strings.Join(langs, ", "))
		}
		if p.Theirs != "" {
			facts = append(facts, "theirs "+p.Theirs)
		}
		for _, l := range p.Maintenance {
			facts = append(facts, l.Text)
		}
		line := "  " + p.Repo.Text
		if len(facts) > 0 {
			line += " (" + strings.Join(facts, "; ") + ")"
		}
		out(cut(line))
		var core []string
		for _, m := range p.Central {
			core = append(core, m.Link.Text)
		}
		for _, a := range p.Abstractions {
			core = append(core, a.Link.Text)
		}
		var decisions []string
		for _, dec := range p.Decisions {
			decisions = append(decisions, dec.Label)
		}
		detail := ""
		if len(core) > 0 {
			detail = "core: " + strings.Join(core, ", ")
		}
		if len(decisions) > 0 {
			if detail != "" {
				detail += "; "
			}
			detail += "decisions: " + strings.Join(decisions, ", ")
		}
		if detail != "" {
			out("    " + c.dim(runewidth.Truncate(detail, max(width-4, minCellWidth), "…")))
		}
	}
}
