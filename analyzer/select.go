package analyzer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pyscout/pyscout/analyzer/github"
)

// selectRepos decides which repositories to analyse, in the listing's order
// (most recently pushed first), spending API requests only where the
// listing does not already answer: languages for repos whose primary
// language is not Python, and a parent lookup plus a comparison for forks
// that were pushed to after they were made.
func selectRepos(ctx context.Context, gh *github.Client, login string, repos []github.Repo, opts Options, p *Profile) ([]target, error) {
	var out []target
	selected, forkChecks := 0, 0
	skip := func(r github.Repo, reason string) {
		out = append(out, target{facts: repoFacts(r), skip: reason})
	}
	fatal := func(err error) bool {
		var rle *github.RateLimitError
		return errors.As(err, &rle) || ctx.Err() != nil
	}
	for _, r := range repos {
		switch {
		case r.SizeKB == 0 && r.Language == "":
			skip(r, "empty repository")
			continue
		case r.SizeKB > opts.MaxRepoMB*1024:
			skip(r, fmt.Sprintf("larger than %d MB (%d MB; raise --max-repo-mb to include it)", opts.MaxRepoMB, (r.SizeKB+1023)/1024))
			continue
		}
		isPython := pythonLanguage(r.Language)
		if r.Fork && !opts.IncludeForks {
			t, err := checkFork(ctx, gh, r, opts, &forkChecks)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				// The comparison is optional: even a rate limit only
				// leaves this fork out, with the reason.
				skip(r, "fork: comparison with its upstream unavailable: "+err.Error())
				continue
			}
			if t.skip == "" && selected >= opts.MaxRepos {
				t.skip = fmt.Sprintf("over --max-repos %d (most recently pushed first)", opts.MaxRepos)
			}
			if t.skip == "" {
				selected++
				p.Selection.PythonRepos++
			}
			t.owner = login
			out = append(out, t)
			continue
		}
		if !isPython && selected >= opts.MaxRepos {
			skip(r, fmt.Sprintf("not examined: over --max-repos %d", opts.MaxRepos))
			continue
		}
		if !isPython {
			langs, err := gh.Languages(ctx, r.Owner, r.Name)
			if err != nil {
				if fatal(err) {
					return nil, err
				}
				skip(r, "languages unavailable: "+err.Error())
				continue
			}
			for lang := range langs {
				if pythonLanguage(lang) {
					isPython = true
					break
				}
			}
		}
		if !isPython {
			primary := r.Language
			if primary == "" {
				primary = "none detected"
			}
			skip(r, "no Python code (primary language: "+primary+")")
			continue
		}
		p.Selection.PythonRepos++
		if selected >= opts.MaxRepos {
			skip(r, fmt.Sprintf("over --max-repos %d (most recently pushed first)", opts.MaxRepos))
			continue
		}
		selected++
		out = append(out, target{facts: repoFacts(r), owner: r.Owner, cloneURL: r.CloneURL})
	}
	return out, nil
}

// forkPushSlack is how much later than its creation a fork's last push must
// be to count as pushed to: GitHub stamps both when the fork is made.
const forkPushSlack = time.Minute

// checkFork decides whether a fork holds work of its owner's: only a fork
// pushed to after it was made can, and only then are its parent and the
// comparison with the parent requested.
func checkFork(ctx context.Context, gh *github.Client, r github.Repo, opts Options, checks *int) (target, error) {
	t := target{facts: repoFacts(r), owner: r.Owner, cloneURL: r.CloneURL}
	if !pythonLanguage(r.Language) {
		t.skip = "fork of a project whose primary language is not Python (use --include-forks to analyse forks)"
		return t, nil
	}
	if !r.CreatedAt.IsZero() && !r.PushedAt.After(r.CreatedAt.Add(forkPushSlack)) {
		t.skip = "fork with no pushes since it was made (use --include-forks to analyse forks)"
		return t, nil
	}
	if *checks >= opts.MaxForkChecks {
		t.skip = fmt.Sprintf("fork not compared with its upstream: over the limit of %d fork checks (use --include-forks to analyse forks)", opts.MaxForkChecks)
		return t, nil
	}
	*checks++
	up, err := gh.Parent(ctx, r.Owner, r.Name)
	if err != nil {
		return t, err
	}
	if up == nil {
		t.skip = "fork whose upstream is gone (use --include-forks to analyse it whole)"
		return t, nil
	}
	t.facts.ForkOf = up.FullName
	cmp, err := gh.CompareFork(ctx, up, r.Owner, r.DefaultBranch)
	if err != nil {
		return t, err
	}
	t.facts.AheadBy = cmp.AheadBy
	if cmp.AheadBy == 0 || len(cmp.Ahead) == 0 {
		t.skip = fmt.Sprintf("fork of %s with no commits beyond it (use --include-forks to analyse it whole)", up.FullName)
		return t, nil
	}
	t.ahead = cmp.Ahead
	return t, nil
}

func repoFacts(r github.Repo) RepoFacts {
	f := RepoFacts{
		Name:            r.Name,
		FullName:        r.FullName,
		URL:             r.HTMLURL,
		Location:        r.CloneURL,
		Description:     r.Description,
		PrimaryLanguage: r.Language,
		Fork:            r.Fork,
		Archived:        r.Archived,
		SizeKB:          r.SizeKB,
		Branch:          r.DefaultBranch,
	}
	if !r.PushedAt.IsZero() {
		pushed := r.PushedAt
		f.PushedAt = &pushed
	}
	return f
}
