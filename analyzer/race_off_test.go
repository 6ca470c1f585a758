//go:build !race

package analyzer_test

// raceDetector is set when the tests run under -race.
const raceDetector = false
