package brief

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxReadmeScan bounds the README bytes read for its opening paragraph.
const maxReadmeScan = 64 << 10

// whatText is the What paragraph: the description, then the README's
// opening paragraph (see openingParagraph; names are the project's names)
// unless it only repeats the description, as plain text cut at MaxWhat
// characters on a word boundary.
func whatText(description string, readme []byte, readmePath string, names ...string) string {
	desc := plain(description)
	para := plain(openingParagraph(readme, strings.HasSuffix(strings.ToLower(readmePath), ".rst"), names...))
	text := desc
	switch {
	case para == "":
	case desc == "":
		text = para
	case strings.Contains(strings.ToLower(para), strings.ToLower(strings.TrimRight(desc, ".!"))):
		text = para
	default:
		if !strings.HasSuffix(desc, ".") && !strings.HasSuffix(desc, "!") && !strings.HasSuffix(desc, "?") {
			desc += "."
		}
		text = desc + " " + para
	}
	return cutWords(text, MaxWhat)
}

var (
	mdImage      = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink       = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLink    = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]`)
	rstLink      = regexp.MustCompile("`([^`<]*?)\\s*<[^>]*>`__?")
	rstRole      = regexp.MustCompile(":[a-z:]+:`([^`]*)`")
	htmlTag      = regexp.MustCompile(`<[^>]{0,200}>`)
	bareURL      = regexp.MustCompile(`https?://\S+`)
	emphasis     = regexp.MustCompile(`(\*\*|__|\*|` + "``" + `|` + "`" + `)`)
	substitution = regexp.MustCompile(`\|[^|\s][^|]*\|_?`)
	underscores  = regexp.MustCompile(`(^|[\s(])_([^_\s][^_]*)_([\s).,;:!?]|$)`)
)

// maxParagraphs bounds the README paragraphs looked at for the opening.
const maxParagraphs = 20

// openingParagraph returns the README's opening: its first paragraph of
// prose (a run of lines that are not headings, badges, images, HTML, link
// lists, code, directives or tables, with four words or more and no call
// for funding). When that paragraph does not lead with the project's
// name and one of the next few does (a name in names within its first
// three words, as a word of its own, not a dotted module path), that one
// is taken: READMEs that open with a sponsor's advertisement describe the
// project further down.
func openingParagraph(readme []byte, rst bool, names ...string) string {
	paras := paragraphs(readme, rst)
	if len(paras) == 0 {
		return ""
	}
	var pats []*regexp.Regexp
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			pats = append(pats, regexp.MustCompile(`(?i)(^|[^\w.])`+regexp.QuoteMeta(n)+`([^\w.]|\.(\s|$)|$)`))
		}
	}
	// leads reports a paragraph that names the project in its first
	// words (its subject: "Celery communicates...", "A Celery system...").
	leads := func(p string) bool {
		for _, re := range pats {
			if loc := re.FindStringIndex(p); loc != nil && len(strings.Fields(p[:loc[0]])) <= 2 {
				return true
			}
		}
		return false
	}
	if len(pats) == 0 || leads(paras[0]) {
		return paras[0]
	}
	for _, p := range paras[1:] {
		if leads(p) {
			return p
		}
	}
	return paras[0]
}

// paragraphs returns the README's first paragraphs of prose, at most
// maxParagraphs. Sections whose heading is about funding (Donations,
// Sponsors, For enterprise) are passed over to the next heading of the
// same or a higher level.
func paragraphs(readme []byte, rst bool) []string {
	if len(readme) > maxReadmeScan {
		readme = readme[:maxReadmeScan]
	}
	lines := strings.Split(strings.ReplaceAll(string(readme), "\r\n", "\n"), "\n")
	var out, para []string
	fence := false
	inHTML := 0
	skipLevel := 0 // the level of the funding section being passed over; 0: none
	var rstLevels []byte
	flush := func() bool {
		if text := strings.Join(para, " "); len(para) > 0 && skipLevel == 0 && acceptParagraph(text) {
			out = append(out, text)
		}
		para = para[:0]
		return len(out) >= maxParagraphs
	}
	heading := func(text string, level int) {
		switch {
		case fundingHeading.MatchString(text):
			if skipLevel == 0 || level <= skipLevel {
				skipLevel = level
			}
		case skipLevel != 0 && level <= skipLevel:
			skipLevel = 0
		}
	}
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		l := strings.TrimSpace(raw)
		if strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~") {
			fence = !fence
			if flush() {
				return out
			}
			continue
		}
		if fence {
			continue
		}
		// A block of HTML (a centred logo, a <p> of badges) is skipped to
		// its end.
		if inHTML > 0 || strings.HasPrefix(l, "<") {
			inHTML += strings.Count(l, "<") - 2*strings.Count(l, "</") - strings.Count(l, "/>")
			if inHTML < 0 || !strings.HasPrefix(l, "<") && l == "" {
				inHTML = 0
			}
			if flush() {
				return out
			}
			continue
		}
		next := ""
		if i+1 < len(lines) {
			next = strings.TrimSpace(lines[i+1])
		}
		switch {
		case strings.HasPrefix(l, "#"):
			heading(strings.TrimLeft(l, "# "), len(l)-len(strings.TrimLeft(l, "#")))
		case l != "" && isUnderline(next) && !isUnderline(l):
			c := next[0]
			level := strings.IndexByte(string(rstLevels), c) + 1
			if level == 0 {
				rstLevels = append(rstLevels, c)
				level = len(rstLevels)
			}
			heading(l, level)
		}
		skip := l == "" || strings.HasPrefix(l, "#") || isUnderline(l) || isUnderline(next) && l != "" ||
			strings.HasPrefix(l, "[!") || strings.HasPrefix(l, "![") || strings.HasPrefix(l, "|") ||
			strings.HasPrefix(l, "..") || strings.HasPrefix(l, ":") || strings.HasPrefix(l, ">") ||
			strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") || strings.HasPrefix(l, "+ ") ||
			linkOnly(l) || (rst && strings.HasSuffix(l, "::") && len(para) == 0) ||
			// An indented line before the paragraph is code, a quote or a
			// field's continuation (reStructuredText's :Keywords: a, b).
			len(para) == 0 && (strings.HasPrefix(raw, " ") || strings.HasPrefix(raw, "\t"))
		if skip {
			if flush() {
				return out
			}
			continue
		}
		para = append(para, l)
	}
	flush()
	return out
}

// fundingHeading matches the headings of sections about funding.
var fundingHeading = regexp.MustCompile(`(?i)sponsor|donat|funding|backers|patreon|enterprise|support (us|the project)`)

// funding matches the sponsorship blurbs some READMEs open with.
var funding = regexp.MustCompile(`(?i)sponsor|donat|funding|backers|patreon|open collective|buy me a coffee|tidelift|subscription`)

// acceptParagraph reports prose that describes the project: four words at
// least, and no call for funding.
func acceptParagraph(text string) bool {
	return len(strings.Fields(text)) >= 4 && !funding.MatchString(text)
}

// isUnderline reports a setext or reStructuredText heading underline.
func isUnderline(l string) bool {
	if len(l) < 3 {
		return false
	}
	c := l[0]
	if !strings.ContainsRune("=-~^*+#\"'`:._", rune(c)) {
		return false
	}
	return strings.Trim(l, string(c)) == ""
}

// linkOnly reports a line that is only links, badges or URLs.
func linkOnly(l string) bool {
	rest := mdImage.ReplaceAllString(l, "")
	rest = mdLink.ReplaceAllString(rest, "")
	rest = mdRefLink.ReplaceAllString(rest, "")
	rest = bareURL.ReplaceAllString(rest, "")
	rest = substitution.ReplaceAllString(rest, "")
	rest = strings.Trim(rest, " \t|·•-–—,;:")
	return rest == "" && rest != l
}

// plain turns Markdown or reStructuredText prose into plain text: link
// text without URLs, no images, tags, emphasis marks or control
// characters, whitespace collapsed.
func plain(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = rstLink.ReplaceAllString(s, "$1")
	s = rstRole.ReplaceAllString(s, "$1")
	s = htmlTag.ReplaceAllString(s, "")
	s = bareURL.ReplaceAllString(s, "")
	s = substitution.ReplaceAllString(s, "")
	s = emphasis.ReplaceAllString(s, "")
	s = underscores.ReplaceAllString(s, "$1$2$3")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cutWords cuts s to at most max characters, at a word boundary, marking
// the cut with an ellipsis.
func cutWords(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)[:max-1]
	cut := string(runes)
	if j := strings.LastIndexByte(cut, ' '); j > 0 {
		cut = cut[:j]
	}
	return strings.TrimRight(cut, " ,;:-") + "…"
}
