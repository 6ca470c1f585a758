package libraries

import (
	"reflect"
	"strings"
	"testing"
)

// TestEmbeddedDecodersAgree holds the fast decoder of the embedded data to
// the user-file decoder: each file must decode strictly (else Default would
// quietly take the slow way) and to the same raw entries, and the DB they
// build must be the same, origins and order included.
func TestEmbeddedDecodersAgree(t *testing.T) {
	for _, s := range embeddedSources() {
		var fast, slow rawFile
		if err := decodeEmbedded(s.text, &fast); err != nil {
			t.Fatalf("%s: the fast decoder refuses the embedded file: %v", s.name, err)
		}
		var errs errList
		if !decodeUser(s, &slow, &errs) || errs.err() != nil {
			t.Fatalf("%s: the user-file decoder refuses the embedded file: %v", s.name, errs.err())
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: the two decoders read the file differently", s.name)
		}
		if len(fast.Libraries)+len(fast.Imports)+len(fast.Categories) == 0 {
			t.Errorf("%s: decoded nothing", s.name)
		}
	}
	fast, slow := newDB(), newDB()
	if err := fast.apply(embeddedSources()); err != nil {
		t.Fatal(err)
	}
	var userWay []source
	for _, s := range embeddedSources() {
		s.embedded = false
		userWay = append(userWay, s)
	}
	if err := slow.apply(userWay); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Error("the DB built from the embedded data differs with the decoder")
	}
}

// TestEmbeddedDecodeRefusesBrokenData: a broken copy of an embedded file is
// refused on the embedded path with the error the user-file path gives
// (file, line, entry, field), whether the fast decoder or validation is
// what catches it.
func TestEmbeddedDecodeRefusesBrokenData(t *testing.T) {
	const flask = `flask = { name = "Flask", category = "web_frameworks", alternatives = ["django", "fastapi", "bottle", "quart"] }`
	const bs4 = `bs4 = "beautifulsoup4"`
	for _, tt := range []struct {
		name      string
		file      string
		old, new  string
		fastFails bool // the strict decoder itself refuses it
		want      string
	}{
		{"unknown field of an entry", "taxonomy.toml", flask, strings.Replace(flask, "alternatives", "alternative", 1), true, "taxonomy.toml:43: libraries.flask: alternative: unknown key"},
		{"unknown table", "imports.toml", "[imports]", "[import]", true, "imports.toml:13: import: unknown key"},
		{"string for a bool", "taxonomy.toml", flask, strings.Replace(flask, "}", `, tool = "yes" }`, 1), true, "taxonomy.toml:43: libraries.flask.tool: incompatible types"},
		{"number for a list", "taxonomy.toml", flask, strings.Replace(flask, `["django", "fastapi", "bottle", "quart"]`, "3", 1), true, "taxonomy.toml:43: libraries.flask.alternatives: incompatible types"},
		{"duplicate key", "taxonomy.toml", flask, flask + "\n" + flask, true, "taxonomy.toml:44"},
		{"number for an import", "imports.toml", bs4, "bs4 = 4", false, "imports.toml:16: imports.bs4: want a distribution name"},
		{"unknown category", "taxonomy.toml", flask, strings.Replace(flask, "web_frameworks", "web_framework", 1), false, `taxonomy.toml:43: libraries.flask: category: unknown category "web_framework"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srcs := embeddedSources()
			found := false
			for i := range srcs {
				if srcs[i].name == tt.file {
					if !strings.Contains(srcs[i].text, tt.old) {
						t.Fatalf("%s no longer holds %q: update the test", tt.file, tt.old)
					}
					srcs[i].text, found = strings.Replace(srcs[i].text, tt.old, tt.new, 1), true
					var raw rawFile
					if err := decodeEmbedded(srcs[i].text, &raw); (err != nil) != tt.fastFails {
						t.Errorf("fast decoder: error %v, want an error: %v", err, tt.fastFails)
					}
				}
			}
			if !found {
				t.Fatalf("no embedded file %s", tt.file)
			}
			err := newDB().apply(srcs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			for i := range srcs {
				srcs[i].embedded = false
			}
			if uerr := newDB().apply(srcs); uerr == nil || uerr.Error() != err.Error() {
				t.Errorf("embedded path says %q, the user-file path %v", err, uerr)
			}
		})
	}
}
