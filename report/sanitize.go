package report

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// Every string in a report that came from a candidate (repo names,
// descriptions, file names, commit messages) passes through one of these
// before it reaches a terminal or a Markdown renderer.

// plain makes s one line of visible text: control characters (ANSI escapes
// included), line breaks and bidirectional overrides become visible escapes,
// so nothing can move the cursor, recolour the terminal or reorder text.
func plain(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r == unicode.ReplacementChar:
			b.WriteRune(r)
		case unicode.IsControl(r), isBidiControl(r), r == '\u2028', r == '\u2029':
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// mdEscaper escapes every character Markdown (CommonMark and GFM tables)
// gives a meaning to in the middle of a line, and HTML's angle brackets
// and ampersand. Candidate text never starts a line in pyscout's Markdown
// (it follows "- " or "| "), so the line-start markers ("-", "+", "1.")
// need no escape.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`,
	`[`, `\[`, `]`, `\]`, `(`, `\(`, `)`, `\)`, `#`, `\#`,
	`!`, `\!`, `|`, `\|`, `~`, `\~`,
	`<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`, `"`, `&quot;`,
)

// md makes candidate text safe as inline Markdown text.
func md(s string) string {
	return mdEscaper.Replace(plain(s))
}

// httpURL returns u, normalised, if it is an absolute http(s) URL with a
// host, and "" otherwise: a javascript:, data: or relative URL from a
// hostile server never becomes a link in any format.
func httpURL(u string) string {
	parsed, err := url.Parse(u)
	if err != nil || (parsed.Scheme != "https" && parsed.Scheme != "http") || parsed.Host == "" {
		return ""
	}
	return parsed.String()
}

// safeURL returns httpURL(u) escaped for use as a Markdown link target.
func safeURL(u string) string {
	s := httpURL(u)
	if s == "" {
		return ""
	}
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(s)
}

// mdLink is a Markdown link to u labelled with candidate text, or the
// escaped text alone when u is not a safe URL.
func mdLink(text, u string) string {
	if su := safeURL(u); su != "" {
		return "[" + md(text) + "](" + su + ")"
	}
	return md(text)
}

// mdLinkOf renders a document link.
func mdLinkOf(l link) string {
	if l.Role != "" {
		return mdLink(l.Text, l.URL) + " (" + md(l.Role) + ")"
	}
	return mdLink(l.Text, l.URL)
}

// TerminalText makes candidate text safe to print on a terminal: one line,
// no control sequences.
func TerminalText(s string) string { return plain(s) }
