package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"

	"github.com/dactest/dactest/harness/runner"
)

// JUnit's shape as CI test tabs read it (the Jenkins/Ant dialect that GitHub,
// GitLab and Azure all accept): one testsuite per detection file, one
// testcase per test.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
	secs     float64
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// JUnit writes the report as JUnit XML.
func JUnit(w io.Writer, rep *runner.Report) error {
	doc := junitSuites{Name: "dactest", Time: seconds(rep.Duration.Seconds())}
	bySuite := map[string]*junitSuite{}
	var order []string
	for _, t := range rep.Results {
		s, ok := bySuite[t.File]
		if !ok {
			s = &junitSuite{Name: t.File}
			bySuite[t.File] = s
			order = append(order, t.File)
		}
		addCase(s, t)
	}
	sort.Strings(order)
	for _, name := range order {
		s := bySuite[name]
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, *s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func addCase(s *junitSuite, t runner.TestResult) {
	c := junitCase{
		Name: t.Detection + ": " + t.Test, Classname: t.File, File: t.File,
		Time: seconds(t.Duration.Seconds()),
	}
	msg := &junitMessage{Message: t.Message, Body: detail(t)}
	switch t.Status {
	case runner.Fail:
		c.Failure, s.Failures = msg, s.Failures+1
		c.Failure.Type = "fail"
	case runner.Error, runner.Unsupported:
		c.Error, s.Errors = msg, s.Errors+1
		c.Error.Type = string(t.Status)
	case runner.Skip:
		c.Skipped, s.Skipped = &junitMessage{Message: t.Message}, s.Skipped+1
	default:
		c.SystemOut = fmt.Sprintf("%d result(s)", t.ResultCount)
	}
	s.Tests++
	s.secs += t.Duration.Seconds()
	s.Time = seconds(s.secs)
	s.Cases = append(s.Cases, c)
}

func seconds(f float64) string { return fmt.Sprintf("%.3f", f) }
