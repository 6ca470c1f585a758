package python

import (
	"reflect"
	"testing"
)

// lines lists a tally's count and evidence lines, for compact expectations.
type lines struct {
	N     int
	Lines []int
}

func tallyLines(t Tally) lines {
	out := lines{N: t.Count}
	for _, e := range t.Evidence {
		out.Lines = append(out.Lines, e.Line)
	}
	return out
}

func l(n int, ls ...int) lines { return lines{N: n, Lines: ls} }

func TestTestFacts(t *testing.T) {
	type fact func(*TestFacts) *Tally
	var (
		functions   fact = func(f *TestFacts) *Tally { return &f.Functions }
		classes     fact = func(f *TestFacts) *Tally { return &f.Classes }
		methods     fact = func(f *TestFacts) *Tally { return &f.Methods }
		assertions  fact = func(f *TestFacts) *Tally { return &f.Assertions }
		nothing     fact = func(f *TestFacts) *Tally { return &f.AssertsNothing }
		helper      fact = func(f *TestFacts) *Tally { return &f.HelperAssertions }
		empty       fact = func(f *TestFacts) *Tally { return &f.Empty }
		property    fact = func(f *TestFacts) *Tally { return &f.PropertyTests }
		fixtures    fact = func(f *TestFacts) *Tally { return &f.Fixtures }
		setUps      fact = func(f *TestFacts) *Tally { return &f.SetUps }
		parametrize fact = func(f *TestFacts) *Tally { return &f.Parametrize }
		doctests    fact = func(f *TestFacts) *Tally { return &f.DoctestExamples }
		unittestMk  fact = func(f *TestFacts) *Tally { return &f.Mocking.UnittestMock }
		pytestMock  fact = func(f *TestFacts) *Tally { return &f.Mocking.PytestMock }
		monkeypatch fact = func(f *TestFacts) *Tally { return &f.Mocking.Monkeypatch }
		responses   fact = func(f *TestFacts) *Tally { return &f.Mocking.Responses }
		respx       fact = func(f *TestFacts) *Tally { return &f.Mocking.Respx }
		vcr         fact = func(f *TestFacts) *Tally { return &f.Mocking.VCR }
		freezegun   fact = func(f *TestFacts) *Tally { return &f.Mocking.Freezegun }
	)
	tests := []struct {
		name string
		src  string
		fact fact
		want lines
	}{
		{"test functions", "def test_a(): pass\nasync def test_b(): pass\nif X:\n    def test_c(): pass\ndef testing_x(): pass\ndef helper(): pass\n",
			functions, l(4, 1, 2, 4, 5)},
		{"nested and fixture functions are not tests", "import pytest\ndef f():\n    def test_inner(): pass\n@pytest.fixture\ndef test_data(): return 1\n",
			functions, l(0)},
		{"unittest's test_suite is not a test", "import unittest\ndef test_suite():\n    return unittest.TestSuite()\n",
			functions, l(0)},
		{"test_suite without unittest is", "def test_suite():\n    assert 1\n", functions, l(1, 1)},
		{"test classes", `import unittest
class TestA: pass
class B(unittest.TestCase): pass
class C(IsolatedAsyncioTestCase): pass
class D(SimpleTestCase, metaclass=M): pass
class E(B): pass
class Helper: pass
class TestOuter:
    class TestInner: pass
    class Data: pass
def f():
    class TestLocal: pass
class Other:
    class TestNotCollected: pass
`, classes, l(7, 2, 3, 4, 5, 6)},
		{"nested test class is counted", "class TestOuter:\n    class TestInner: pass\n", classes, l(2, 1, 2)},
		{"test methods", `class TestA:
    def test_x(self): pass
    async def test_y(self): pass
    def helper(self): pass
class Plain:
    def test_z(self): pass
class Case(TestCase):
    if PY3:
        def test_w(self): pass
`, methods, l(3, 2, 3, 9)},
		{"assert statements", "def test_a():\n    assert x\n    assert y, 'msg'\ndef helper():\n    assert z\n", assertions, l(2, 2, 3)},
		{"assert with approx counts once", "import pytest\ndef test_a():\n    assert f() == pytest.approx(1.0)\n", assertions, l(1, 3)},
		{"assertion calls", `import pytest
from pytest import raises
class T(TestCase):
    def test_a(self):
        self.assertEqual(1, 1)
        self.assertRaises(ValueError, f)
        self.fail("no")
        m.assert_called_once_with(1)
        np.testing.assert_allclose(a, b)
        with pytest.raises(ValueError):
            f()
        with raises(KeyError):
            g()
        pytest.warns(UserWarning)
        self.skipTest("x")
        pytest.skip("x")
`, assertions, l(8, 5, 6, 7, 8, 9)},
		{"pytest assertion calls", `import pytest
from pytest import raises
def test_a():
    with pytest.raises(ValueError):
        f()
    with raises(KeyError):
        g()
    pytest.warns(UserWarning)
    pytest.fail("x")
    pytest.skip("x")
`, assertions, l(4, 4, 6, 8, 9)},
		{"bare raises needs the pytest import", "def test_a():\n    raises(ValueError)\n", assertions, l(0)},
		{"nested function asserts for the test", "def test_a():\n    def check(v):\n        assert v\n    check(1)\n", assertions, l(1, 3)},
		{"asserts nothing", `def check(v):
    assert v
def test_helper():
    check(1)
def test_smoke():
    run()
def test_empty():
    pass
class T(TestCase):
    def test_doc(self):
        """Nothing yet."""
    def test_dots(self):
        ...
    def test_calls(self):
        self.run_it()
    def run_it(self):
        compute()
`, nothing, l(5, 5, 7, 10, 12, 14)},
		{"helper assertions", `def check(v):
    verify(v)
def verify(v):
    assert v
def test_indirect():
    check(1)
class Base(TestCase):
    def expect(self, v):
        self.assertTrue(v)
class T(Base):
    def test_inherited_helper(self):
        self.expect(1)
    def test_direct(self):
        self.assertTrue(1)
`, helper, l(2, 5, 11)},
		{"helper chains resolve in any order", "def test_a():\n    h1()\ndef h1():\n    h2()\ndef h2():\n    h3()\ndef h3():\n    assert 1\ndef test_b():\n    h4()\ndef h4():\n    test_b()\nclass TestT(Later):\n    def test_m(self):\n        self.check()\nclass Later:\n    def check(self):\n        assert 1\n",
			helper, l(2, 1, 14)},
		{"a cycle of helpers without an assert asserts nothing", "def test_b():\n    h4()\ndef h4():\n    test_b()\n", nothing, l(1, 1)},
		{"empty tests", "def test_a():\n    pass\ndef test_b():\n    '''doc'''\n    pass\ndef test_c():\n    x = 1\n", empty, l(2, 1, 3)},
		{"property tests", "from hypothesis import given\n@given(st.integers())\ndef test_a(x):\n    assert x == x\n@hypothesis.given(x=1)\ndef test_b(x):\n    assert x\n",
			property, l(2, 3, 6)},
		{"given without hypothesis is not", "from pytest_bdd import given\n@given('a user')\ndef test_a(): pass\n", property, l(0)},
		{"fixtures", `import pytest
from pytest import fixture
@pytest.fixture
def a(): return 1
@pytest.fixture(scope="module")
def b(): return 2
@fixture
def c(): return 3
@pytest_asyncio.fixture
async def d(): return 4
class TestX:
    @pytest.fixture(autouse=True)
    def e(self): pass
`, fixtures, l(5, 4, 6, 8, 10, 13)},
		{"bare fixture needs the pytest import", "@fixture\ndef a(): pass\n", fixtures, l(0)},
		{"set-ups", `def setup_module(): pass
def setUpModule(): pass
class T(TestCase):
    def setUp(self): pass
    @classmethod
    def tearDownClass(cls): pass
class TestP:
    def setup_method(self): pass
class Other:
    def setUp(self): pass
`, setUps, l(5, 1, 2, 4, 6, 8)},
		{"parametrize", `import pytest
from pytest import mark
from parameterized import parameterized
@pytest.mark.parametrize("a", [1])
@pytest.mark.parametrize("b", [2])
def test_a(a, b): pass
@mark.parametrize("c", [3])
def test_c(c): pass
@pytest.mark.parametrize("d", [4])
class TestD: pass
class T(TestCase):
    @parameterized.expand([(1,)])
    def test_e(self, v): pass
`, parametrize, l(5, 6, 6, 8, 10, 13)},
		{"doctest examples", `"""Module.

>>> f(1)
1
"""
def f(x):
    """Return x.

    >>> f(2)
    2
    >>> f(3)
    3
    """
    s = """>>> not a docstring"""
    return x
class C:
    """>>> C()"""
`, doctests, l(4, 3, 9, 11, 17)},
		{"unittest.mock", `from unittest import mock
from unittest.mock import patch, MagicMock
class T(TestCase):
    @patch("os.getcwd")
    @mock.patch.object(os, "sep")
    def test_a(self, a, b):
        m = MagicMock()
        with patch.dict(os.environ, {}):
            mock.Mock()
        requests.patch(url)
`, unittestMk, l(5, 4, 5, 7, 8, 9)},
		{"unittest.mock through import unittest", "import unittest\ndef test_a():\n    unittest.mock.patch('x')\n    patch('y')\n", unittestMk, l(1, 3)},
		{"no mock import, no mock use", "def test_a():\n    patch('x')\n    Mock()\n", unittestMk, l(0)},
		{"pytest-mock", "def test_a(mocker):\n    mocker.patch('x')\ndef test_b(session_mocker, tmp_path): pass\n", pytestMock, l(2, 1, 3)},
		{"monkeypatch", "def test_a(monkeypatch: pytest.MonkeyPatch):\n    monkeypatch.setattr(x, 'y', 1)\n", monkeypatch, l(1, 1)},
		{"responses", "import responses\n@responses.activate\ndef test_a():\n    responses.add(responses.GET, url)\n", responses, l(2, 2, 4)},
		{"responses needs the import", "@responses.activate\ndef test_a(): pass\n", responses, l(0)},
		{"respx", "import respx\n@respx.mock\ndef test_a():\n    respx.get(url)\ndef test_b(respx_mock): pass\n", respx, l(3, 2, 4, 5)},
		{"vcr", "import vcr\n@vcr.use_cassette('a.yaml')\ndef test_a(): pass\n@pytest.mark.vcr\ndef test_b(): pass\n@pytest.mark.vcr()\ndef test_c(): pass\n", vcr, l(3, 2, 4, 6)},
		{"freezegun", "from freezegun import freeze_time\n@freeze_time('2020-01-01')\ndef test_a():\n    with freeze_time('2021-01-01'):\n        pass\ndef test_b(freezer): pass\n", freezegun, l(3, 2, 4, 6)},
	}
	a := newTestAnalyzer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ff := analyzeString(t, a, tt.src)
			if got := tallyLines(*tt.fact(&ff.Tests)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestTestFrameworks(t *testing.T) {
	sign := func(name, s string, line int) FrameworkSign {
		return FrameworkSign{Name: name, Sign: s, Evidence: Evidence{Path: "m.py", Line: line, EndLine: line}}
	}
	tests := []struct {
		name string
		src  string
		want []FrameworkSign
	}{
		{"none", "def f(): pass\n", nil},
		{"pytest import", "import pytest\n", []FrameworkSign{sign(FrameworkPytest, SignImport, 1)}},
		{"pytest plugin import", "from pytest_mock import MockerFixture\n", []FrameworkSign{sign(FrameworkPytest, SignImport, 1)}},
		{"plain test function", "def test_a(): assert 1\n", []FrameworkSign{sign(FrameworkPytest, SignTestFunction, 1)}},
		{"Test class without TestCase", "class TestA: pass\n", []FrameworkSign{sign(FrameworkPytest, SignTestClass, 1)}},
		{"first sign wins", "class TestA: pass\ndef test_a(): assert 1\n", []FrameworkSign{sign(FrameworkPytest, SignTestClass, 1)}},
		{"a sign only pytest gives wins", "def test_a(): assert 1\nimport pytest\n", []FrameworkSign{sign(FrameworkPytest, SignImport, 2)}},
		{"fixture argument", "def test_a(): assert 1\ndef test_b(tmp_path): assert tmp_path\n", []FrameworkSign{sign(FrameworkPytest, SignFixtureArgument, 2)}},
		// The near-miss: a parameter named like a fixture outside a test.
		{"fixture-named parameter of a helper", "def make(tmp_path): return tmp_path\n", nil},
		// pytest passes no fixtures to a TestCase's methods.
		{"TestCase with a fixture-named parameter", "import unittest\nclass T(unittest.TestCase):\n    def test_a(self, request=None): pass\nclass U(T):\n    def test_b(self, capsys=None): pass\n",
			[]FrameworkSign{sign(FrameworkUnittest, SignImport, 1)}},
		{"pytest Test class with a fixture", "class TestA:\n    def test_a(self, capsys): pass\n", []FrameworkSign{sign(FrameworkPytest, SignFixtureArgument, 2)}},
		{"unittest", "import unittest\nclass A(unittest.TestCase): pass\n", []FrameworkSign{sign(FrameworkUnittest, SignImport, 1)}},
		{"django TestCase", "from django.test import TestCase\nclass A(TestCase): pass\n", []FrameworkSign{sign(FrameworkUnittest, SignTestCase, 2)}},
		{"unittest.mock alone is not unittest", "from unittest import mock\nimport unittest.mock\n", nil},
		{"nose", "from nose.tools import eq_\n", []FrameworkSign{sign(FrameworkNose, SignImport, 1)}},
		{"doctest", "if __name__ == '__main__':\n    import doctest\n    doctest.testmod()\n", []FrameworkSign{sign(FrameworkDoctest, SignImport, 2)}},
		{"hypothesis", "from hypothesis import given, strategies as st\n", []FrameworkSign{sign(FrameworkHypothesis, SignImport, 1)}},
		{"fixture", "@pytest.fixture\ndef a(): pass\n", []FrameworkSign{sign(FrameworkPytest, SignFixture, 2)}},
		{"several, by name", "import unittest\nimport pytest\nimport hypothesis\n", []FrameworkSign{
			sign(FrameworkHypothesis, SignImport, 3), sign(FrameworkPytest, SignImport, 2), sign(FrameworkUnittest, SignImport, 1)}},
	}
	a := newTestAnalyzer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analyzeString(t, a, tt.src).Tests.Frameworks
			if len(got) > 0 {
				for i := range got {
					got[i].Evidence.EndLine = got[i].Evidence.Line
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("frameworks:%s", diffJSON(tt.want, got))
			}
		})
	}
}

// TestTestFactsReuse checks that the pooled pass leaks nothing from one
// file into the next.
func TestTestFactsReuse(t *testing.T) {
	a := newTestAnalyzer(t)
	first := "import pytest\ndef check(v):\n    assert v\ndef test_a():\n    check(1)\n"
	second := "def test_b():\n    check(1)\n"
	analyzeString(t, a, first)
	ff := analyzeString(t, a, second)
	if got := tallyLines(ff.Tests.AssertsNothing); !reflect.DeepEqual(got, l(1, 1)) {
		t.Errorf("asserts nothing = %+v", got)
	}
	if len(ff.Tests.Frameworks) != 1 || ff.Tests.Frameworks[0].Sign != SignTestFunction {
		t.Errorf("frameworks = %+v", ff.Tests.Frameworks)
	}
}

func TestNotebookTestFacts(t *testing.T) {
	nb := `{"cells": [
 {"cell_type": "code", "source": ["import pytest\n"]},
 {"cell_type": "markdown", "source": ["text"]},
 {"cell_type": "code", "source": ["def test_a():\n", "    assert 1\n"]}
], "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4, "nbformat_minor": 5}`
	a := newTestAnalyzer(t)
	ff, err := a.AnalyzeNotebook("n.ipynb", []byte(nb))
	if err != nil {
		t.Fatal(err)
	}
	tf := ff.Tests
	if tf.Functions.Count != 1 || tf.Functions.Evidence[0].Cell != 3 || tf.Assertions.Count != 1 {
		t.Errorf("functions %+v assertions %+v", tf.Functions, tf.Assertions)
	}
	want := []FrameworkSign{{Name: FrameworkPytest, Sign: SignImport, Evidence: Evidence{Path: "n.ipynb", Line: 1, EndLine: 1, Cell: 1}}}
	if !reflect.DeepEqual(tf.Frameworks, want) {
		t.Errorf("frameworks:%s", diffJSON(want, tf.Frameworks))
	}
}

func TestSumTests(t *testing.T) {
	a := newTestAnalyzer(t)
	files := map[string]string{
		"tests/test_b.py": "import pytest\ndef test_x():\n    assert 1\ndef test_y():\n    run()\n",
		"tests/test_a.py": "import unittest\nclass T(unittest.TestCase):\n    def test_z(self):\n        self.assertTrue(1)\n        self.assertEqual(1, 1)\n",
		"pkg/mod.py":      "def test_like():\n    pass\n",
	}
	var ffs []*FileFacts
	for _, p := range []string{"tests/test_b.py", "pkg/mod.py", "tests/test_a.py"} {
		ff, err := a.AnalyzeFile(p, []byte(files[p]))
		if err != nil {
			t.Fatal(err)
		}
		ffs = append(ffs, ff)
	}
	isTest := func(p string) bool { return p != "pkg/mod.py" }
	s := SumTests(ffs, isTest)
	if s.Files != 2 || s.Tests != 3 || s.Assertions.Count != 3 || s.AssertsNothing.Count != 1 {
		t.Fatalf("summary %+v", s)
	}
	if s.AssertionsPerTest != 1 || s.AssertsNothingShare != 0.333 {
		t.Errorf("per test %v, nothing share %v", s.AssertionsPerTest, s.AssertsNothingShare)
	}
	if s.Methods.Files != 1 || s.Functions.Files != 1 {
		t.Errorf("files: methods %d functions %d", s.Methods.Files, s.Functions.Files)
	}
	wantFw := []FrameworkUse{
		{Name: FrameworkPytest, Files: 1, Evidence: []Evidence{{Path: "tests/test_b.py", Line: 1, EndLine: 1}}},
		{Name: FrameworkUnittest, Files: 1, Evidence: []Evidence{{Path: "tests/test_a.py", Line: 1, EndLine: 1}}},
	}
	if !reflect.DeepEqual(s.Frameworks, wantFw) {
		t.Errorf("frameworks:%s", diffJSON(wantFw, s.Frameworks))
	}
	// Evidence is in path order whatever the order of the files.
	if got := s.Assertions.Evidence[0].Path; got != "tests/test_a.py" {
		t.Errorf("first assertion evidence in %s", got)
	}
	rev := []*FileFacts{ffs[2], ffs[1], ffs[0]}
	if r := SumTests(rev, isTest); !reflect.DeepEqual(r, s) {
		t.Errorf("order changed the summary:%s", diffJSON(s, r))
	}
	if all := SumTests(ffs, nil); all.Files != 3 || all.Empty.Count != 1 {
		t.Errorf("nil filter: files %d empty %d", all.Files, all.Empty.Count)
	}
}
