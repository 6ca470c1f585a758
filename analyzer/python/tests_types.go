package python

// The testing facts of a file (TestFacts) and of a set of files
// (TestSummary).

import (
	"reflect"
	"unsafe"
)

// Test frameworks named in FrameworkSign and FrameworkUse.
const (
	FrameworkPytest     = "pytest"
	FrameworkUnittest   = "unittest"
	FrameworkNose       = "nose"
	FrameworkDoctest    = "doctest"
	FrameworkHypothesis = "hypothesis"
)

// What shows that a file uses a test framework (FrameworkSign.Sign).
const (
	// SignImport is an import of the framework (unittest.mock alone does
	// not count for unittest).
	SignImport = "import"
	// SignTestFunction is a module-level test function, which pytest
	// collects and unittest does not.
	SignTestFunction = "test_function"
	// SignTestClass is a Test* class that derives from no TestCase, which
	// only pytest collects.
	SignTestClass = "test_class"
	// SignTestCase is a subclass of a *TestCase class (unittest's runner
	// and the frameworks built on it, such as Django's).
	SignTestCase = "test_case"
	// SignFixture is a @pytest.fixture definition.
	SignFixture = "fixture"
	// SignGiven is a hypothesis @given decorator.
	SignGiven = "given"
	// SignFixtureArgument is a test that takes one of pytest's built-in
	// fixtures (tmp_path, capsys, monkeypatch, request...) or
	// pytest-mock's mocker as a parameter: only pytest passes them.
	SignFixtureArgument = "fixture_argument"
)

// TestFacts are the testing facts of one file. They are computed for every
// file, because whether a file is a test file depends on the project's
// configuration (see analyzer/practices); counts are exact, evidence is
// capped at MaxEvidencePerFile per tally.
//
// A test is a test function (a module-level `def test*`, under if/try
// included) or a test method (a `test*` method of a test class). A test
// class is a class named Test*, or deriving from a class whose name ends in
// TestCase (unittest.TestCase, IsolatedAsyncioTestCase, Django's TestCase
// and SimpleTestCase, DRF's APITestCase...) or from a test class defined
// earlier in the same file; it is at module level or nested in a test
// class. Functions decorated as fixtures are never tests, and neither is
// the legacy `def test_suite()` of a file importing unittest.
type TestFacts struct {
	// Functions counts test functions; evidence: the def.
	Functions Tally `json:"functions"`
	// Classes counts test classes; evidence: the class statement.
	Classes Tally `json:"classes"`
	// Methods counts test methods; evidence: the def.
	Methods Tally `json:"methods"`
	// Assertions counts the assertions inside tests (nested functions and
	// lambdas included): assert statements; calls to functions and methods
	// named assert* (self.assertEqual, mock.assert_called_once_with,
	// numpy.testing.assert_allclose, assert_that); self.fail*; and
	// pytest.raises, pytest.warns, pytest.deprecated_call and pytest.fail
	// (or those names imported from pytest). A call inside an assert
	// statement (pytest.approx, say) is part of that assertion.
	Assertions Tally `json:"assertions"`
	// AssertsNothing counts tests with no assertion of their own that call
	// no helper of the same file that asserts (see HelperAssertions);
	// evidence: the def. Such a test still fails on an exception, so it
	// may be a deliberate smoke test; it is evidence to read, not a fault.
	AssertsNothing Tally `json:"asserts_nothing"`
	// HelperAssertions counts tests with no assertion of their own that
	// call, by bare name or as self.name, a function or method of the same
	// file that asserts, directly or through another such helper. Helpers
	// imported from other files, fixtures that assert, and assertions made
	// by a mock's spec are not seen: those tests count in AssertsNothing.
	HelperAssertions Tally `json:"helper_assertions"`
	// Empty counts tests whose body is only pass, ... or a docstring; they
	// are also counted in AssertsNothing.
	Empty Tally `json:"empty"`
	// PropertyTests counts tests decorated with hypothesis's @given.
	PropertyTests Tally `json:"property_tests"`
	// Fixtures counts functions decorated with @pytest.fixture,
	// @pytest_asyncio.fixture or a bare @fixture imported from pytest.
	Fixtures Tally `json:"fixtures"`
	// SetUps counts xunit-style set-up and tear-down: setUp, tearDown,
	// setUpClass, tearDownClass, asyncSetUp, asyncTearDown, setup_method,
	// teardown_method, setup_class and teardown_class in test classes, and
	// module-level setUpModule, tearDownModule, setup_module,
	// teardown_module, setup_function and teardown_function.
	SetUps Tally `json:"set_ups"`
	// Parametrize counts @pytest.mark.parametrize decorators (also as
	// @mark.parametrize with mark imported from pytest) and the
	// parameterized library's @parameterized / @parameterized.expand.
	Parametrize Tally `json:"parametrize"`
	// DoctestExamples counts `>>>` lines in the docstrings of the module,
	// its classes and its functions; evidence: the example's line.
	DoctestExamples Tally `json:"doctest_examples"`
	// Frameworks are the test frameworks this file shows, by name, each
	// with its first sign; for pytest, a sign only pytest gives (import,
	// fixture, fixture_argument) is preferred to a test function or Test
	// class, which other runners also collect. TestAggregator turns them into
	// TestSummary.Frameworks by hand.
	Frameworks []FrameworkSign `json:"frameworks,omitempty" merge:"-"`
	// Mocking counts uses of mocking libraries.
	Mocking Mocking `json:"mocking"`
}

// FrameworkSign is the first sign of a test framework in a file.
type FrameworkSign struct {
	// Name is one of pytest, unittest, nose, doctest and hypothesis.
	Name string `json:"name"`
	// Sign is what showed it: import, test_function, test_class,
	// test_case, fixture, fixture_argument or given (see the Sign
	// constants).
	Sign string `json:"sign"`
	// Evidence is where.
	Evidence Evidence `json:"evidence"`
}

// Mocking counts uses of mocking libraries in one file (or, summed, in a
// set of files). Calls are recognised by name, so library calls made
// through an alias (`import unittest.mock as um`) are not seen.
type Mocking struct {
	// UnittestMock counts calls to unittest.mock's (or the mock
	// backport's) patch, patch.object, patch.dict, patch.multiple, Mock,
	// MagicMock, AsyncMock, NonCallableMock, NonCallableMagicMock,
	// PropertyMock, create_autospec and mock_open, bare or prefixed with
	// mock. or unittest.mock., in files importing it; as decorator or in a
	// with statement alike.
	UnittestMock Tally `json:"unittest_mock"`
	// PytestMock counts functions taking pytest-mock's mocker fixture (or
	// class_mocker, module_mocker, package_mocker, session_mocker).
	PytestMock Tally `json:"pytest_mock"`
	// Monkeypatch counts functions taking pytest's monkeypatch fixture.
	Monkeypatch Tally `json:"monkeypatch"`
	// Responses counts calls and decorators on the responses module
	// (@responses.activate, responses.add(...)) in files importing it.
	Responses Tally `json:"responses"`
	// Respx counts calls and decorators on the respx module (@respx.mock,
	// respx.get(...)) in files importing it, and functions taking the
	// respx_mock fixture.
	Respx Tally `json:"respx"`
	// VCR counts vcrpy's calls and decorators (vcr.use_cassette, vcr.VCR)
	// in files importing vcr, and pytest-recording's @pytest.mark.vcr.
	VCR Tally `json:"vcr"`
	// Freezegun counts freeze_time calls and decorators in files importing
	// freezegun, and functions taking the freezer fixture.
	Freezegun Tally `json:"freezegun"`
}

// MockLibraries names the Mocking tallies in their JSON spelling, in the
// order of Mocking's fields (read from the type, so a new library is named
// here without another edit).
var MockLibraries = jsonNames(reflect.TypeFor[Mocking]())

// Tallies returns the mocking tallies in the order of MockLibraries.
func (m *Mocking) Tallies() []*Tally {
	out := make([]*Tally, 0, len(MockLibraries))
	mockingPlan.tallies(unsafe.Pointer(m), func(t *Tally) { out = append(out, t) })
	return out
}

// Tests returns the number of tests: test functions plus test methods.
func (t *TestFacts) Tests() int { return t.Functions.Count + t.Methods.Count }

// ---- summaries

// FrameworkUse is one test framework over a set of files.
type FrameworkUse struct {
	// Name is the framework (see FrameworkSign.Name).
	Name string `json:"name"`
	// Files is the number of files showing it.
	Files int `json:"files"`
	// Evidence is the first sign in the first files (at most
	// MaxEvidencePerRepo, in path order).
	Evidence []Evidence `json:"evidence"`
}

// TestSummary sums TestFacts over a set of files, usually a repository's
// test files. Each Tally's Files says in how many files the fact occurs.
type TestSummary struct {
	// Files is the number of files summed.
	Files int `json:"files"`
	// Tests is the number of tests: test functions plus test methods.
	Tests int `json:"tests"`
	// Functions counts test functions.
	Functions Tally `json:"functions"`
	// Classes counts test classes.
	Classes Tally `json:"classes"`
	// Methods counts test methods.
	Methods Tally `json:"methods"`
	// Assertions counts the assertions inside tests.
	Assertions Tally `json:"assertions"`
	// AssertionsPerTest is Assertions.Count / Tests, two decimals; 0
	// without tests.
	AssertionsPerTest float64 `json:"assertions_per_test"`
	// AssertsNothing counts tests that assert nothing (see TestFacts).
	AssertsNothing Tally `json:"asserts_nothing"`
	// AssertsNothingShare is AssertsNothing.Count / Tests, three decimals;
	// 0 without tests.
	AssertsNothingShare float64 `json:"asserts_nothing_share"`
	// HelperAssertions counts tests that assert only through helpers of
	// their own file.
	HelperAssertions Tally `json:"helper_assertions"`
	// Empty counts tests whose body is only pass, ... or a docstring.
	Empty Tally `json:"empty"`
	// PropertyTests counts hypothesis @given tests.
	PropertyTests Tally `json:"property_tests"`
	// Fixtures counts pytest fixture definitions.
	Fixtures Tally `json:"fixtures"`
	// SetUps counts xunit-style set-up and tear-down methods and functions.
	SetUps Tally `json:"set_ups"`
	// Parametrize counts parametrize decorators.
	Parametrize Tally `json:"parametrize"`
	// DoctestExamples counts `>>>` lines in docstrings.
	DoctestExamples Tally `json:"doctest_examples"`
	// Frameworks are the test frameworks seen, most files first, then by
	// name.
	Frameworks []FrameworkUse `json:"frameworks"`
	// Mocking sums the mocking tallies.
	Mocking Mocking `json:"mocking"`
}
