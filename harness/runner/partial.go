package runner

import "fmt"

// onPartialData keeps a verdict that rests on absence from standing on data
// that was not read whole. "At least one result" found in what was read
// holds whatever was lost; "no result", an exact count or an upper bound
// does not, since the records that could not be read may hold the rows
// that would break it; and a failure for want of rows may be the lost
// records' doing, not the detection's. Such a verdict is an error: the test
// could not run on its data. Other verdicts stand (a negative test that
// fires, a null risk object), their problems listed with them.
func onPartialData(e Expectation, st Status, msg string, problems []string, n int) (Status, string) {
	if len(problems) == 0 {
		return st, msg
	}
	switch {
	case st == Pass && restsOnAbsence(e):
		return Error, fmt.Sprintf("%s, but only on part of the data: %s while reading it (the first: %s), and the records lost could change the verdict",
			msg, plural(len(problems), "problem"), problems[0])
	case st == Fail && tooFew(e, n):
		return Error, fmt.Sprintf("%s, on part of the data: %s while reading it (the first: %s), and the records lost may hold the rows",
			msg, plural(len(problems), "problem"), problems[0])
	}
	return st, msg
}

func restsOnAbsence(e Expectation) bool {
	return !e.Fires || e.Results != nil || (e.Range != nil && e.Range.Max != nil)
}

// tooFew: n rows are fewer than the expectation asks for.
func tooFew(e Expectation, n int) bool {
	switch {
	case e.Results != nil:
		return n < *e.Results
	case e.Range != nil && e.Range.Min != nil:
		return n < *e.Range.Min
	}
	return e.Fires && n == 0
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
