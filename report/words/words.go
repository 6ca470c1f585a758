// Package words writes the numbers and plurals of report and rule text
// ("1,234 lines", "2 classes", "3 repositories"), one way for every
// renderer and every rule. It imports nothing from the project, so that
// both report and rules (which report imports) can use it.
package words

import (
	"strconv"
	"strings"
)

// Plural writes "1 week" and "2 weeks", "2 classes", "2 repositories",
// "1,234 lines".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Thousands(n) + " " + PluralNoun(noun)
}

// PluralNoun is the plural of an English noun by the regular rules:
// "classes", "boxes", "matches", "repositories", but "days" and "boys".
func PluralNoun(noun string) string {
	switch {
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "sh"), strings.HasSuffix(noun, "ch"):
		return noun + "es"
	case strings.HasSuffix(noun, "y") && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}

// Thousands writes 12345 as "12,345".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
