package pydata

import (
	"strings"
	"testing"
)

func TestTablesAreWellFormed(t *testing.T) {
	if err := Validate(); err != nil {
		t.Fatal(err)
	}
	if n := len(StdlibNames()); n < 300 {
		t.Errorf("stdlib has %d names, want >= 300", n)
	}
	if n := len(Python2StdlibNames()); n < 60 {
		t.Errorf("python2 has %d names, want >= 60", n)
	}
}

func TestLookups(t *testing.T) {
	tests := []struct {
		name        string
		stdlib, py2 bool
	}{
		{"os", true, false},
		{"sys", true, false},
		{"concurrent", true, false},
		{"__future__", true, false},
		{"tomllib", true, false},
		{"zoneinfo", true, false},
		{"graphlib", true, false},
		// removed in 3.12 / 3.13, still stdlib for the versions candidates used
		{"distutils", true, false},
		{"imp", true, false},
		{"asynchat", true, false},
		{"asyncore", true, false},
		{"smtpd", true, false},
		{"cgi", true, false},
		{"cgitb", true, false},
		{"crypt", true, false},
		{"telnetlib", true, false},
		{"nntplib", true, false},
		{"pipes", true, false},
		{"sndhdr", true, false},
		{"sunau", true, false},
		{"uu", true, false},
		{"xdrlib", true, false},
		{"audioop", true, false},
		{"aifc", true, false},
		{"chunk", true, false},
		{"imghdr", true, false},
		{"mailcap", true, false},
		{"msilib", true, false},
		{"nis", true, false},
		{"ossaudiodev", true, false},
		{"spwd", true, false},
		{"lib2to3", true, false},
		{"formatter", true, false},
		// Python 2 only
		{"urllib2", false, true},
		{"ConfigParser", false, true},
		{"StringIO", false, true},
		{"cPickle", false, true},
		{"Queue", false, true},
		{"Tkinter", false, true},
		{"httplib", false, true},
		{"urlparse", false, true},
		{"SocketServer", false, true},
		{"cStringIO", false, true},
		{"HTMLParser", false, true},
		{"Cookie", false, true},
		{"cookielib", false, true},
		{"__builtin__", false, true},
		{"thread", false, true},
		{"commands", false, true},
		{"md5", false, true},
		{"sha", false, true},
		{"sets", false, true},
		{"exceptions", false, true},
		{"htmlentitydefs", false, true},
		{"robotparser", false, true},
		{"SimpleHTTPServer", false, true},
		{"BaseHTTPServer", false, true},
		{"CGIHTTPServer", false, true},
		{"xmlrpclib", false, true},
		{"anydbm", false, true},
		{"dbhash", false, true},
		{"whichdb", false, true},
		{"dumbdbm", false, true},
		{"copy_reg", false, true},
		{"repr", false, true},
		{"UserDict", false, true},
		{"UserList", false, true},
		{"UserString", false, true},
		{"tkMessageBox", false, true},
		{"ttk", false, true},
		{"Tix", false, true},
		// third party, local-looking and case variants
		{"numpy", false, false},
		{"requests", false, false},
		{"test", false, false},
		{"OS", false, false},
		{"configparser", true, false},
		{"queue", true, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := IsStdlib(tt.name); got != tt.stdlib {
			t.Errorf("IsStdlib(%q) = %v, want %v", tt.name, got, tt.stdlib)
		}
		if got := IsPython2Stdlib(tt.name); got != tt.py2 {
			t.Errorf("IsPython2Stdlib(%q) = %v, want %v", tt.name, got, tt.py2)
		}
	}
}

func TestParseNamesRejectsBadData(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"invalid", "os\nfoo-bar\n", `t.txt:2: "foo-bar" is not a Python identifier`},
		{"digit first", "1abc\n", "not a Python identifier"},
		{"duplicate", "a\na\n", `"a" is listed twice`},
		{"unsorted", "b\na\n", "out of order"},
		{"empty", "# only a comment\n", "no names"},
	}
	for _, tt := range tests {
		_, err := parseNames("t.txt", tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}
