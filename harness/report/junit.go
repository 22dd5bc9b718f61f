package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

// JUnit's shape as CI test tabs read it, kept valid against Jenkins'
// junit-10.xsd (jenkinsci/xunit-plugin, the schema GitHub, GitLab and Azure
// readers follow): one testsuite per detection file with the detection's
// properties, one testcase per test. The schema allows neither a file
// attribute on testcase nor skipped on testsuites, so the file is on the
// testsuite and skips are counted per suite.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string            `xml:"name,attr"`
	Tests      int               `xml:"tests,attr"`
	Failures   int               `xml:"failures,attr"`
	Errors     int               `xml:"errors,attr"`
	Skipped    int               `xml:"skipped,attr"`
	Time       string            `xml:"time,attr"`
	File       string            `xml:"file,attr,omitempty"`
	Properties *junitPropertySet `xml:"properties,omitempty"`
	Cases      []junitCase       `xml:"testcase"`
	secs       float64
}

type junitPropertySet struct {
	Props []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
	// SystemErr lists the records lost reading the test's datasets, for
	// every verdict: Jenkins shows it for passing tests too.
	SystemErr *junitText `xml:"system-err,omitempty"`
}

// junitText is element text kept as CDATA so multi-line output stays
// readable in the file (chardata would turn every newline into &#xA;).
type junitText struct {
	Text string `xml:",cdata"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",cdata"`
}

// JUnit writes JUnit XML whose suites carry each detection's id, name,
// type, status and ATT&CK techniques as properties.
func JUnit(w io.Writer, rep *runner.Report) error {
	doc := junitSuites{Name: "dactest", Time: seconds(rep.Duration.Seconds())}
	bySuite := map[string]*junitSuite{}
	var order []string
	for _, t := range rep.Results {
		s, ok := bySuite[t.File]
		if !ok {
			file := RepoPath(t.File) // CI links a suite's file by its repository path
			s = &junitSuite{Name: file, File: file, Properties: junitProperties(t)}
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
		doc.Suites = append(doc.Suites, *s)
	}
	if v := validationSuite(rep.Validation); v != nil {
		doc.Tests += v.Tests
		doc.Failures += v.Failures
		doc.Suites = append(doc.Suites, *v)
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

func junitProperties(t runner.TestResult) *junitPropertySet {
	props := []junitProperty{{"detection_id", t.DetectionID}, {"detection_name", t.Detection}}
	if t.DetectionType != "" || t.DetectionStatus != "" {
		props = append(props, junitProperty{"detection_type", t.DetectionType}, junitProperty{"detection_status", t.DetectionStatus})
	}
	for _, id := range techniques(t) {
		props = append(props, junitProperty{"mitre_attack_id", id})
	}
	return &junitPropertySet{Props: props}
}

func addCase(s *junitSuite, t runner.TestResult) {
	c := junitCase{
		Name: t.Detection + ": " + t.Test, Classname: junitClassname(t.File),
		Time: seconds(t.Duration.Seconds()),
	}
	msg := &junitMessage{Message: t.Message, Body: xmlSafe(junitDetail(t))}
	if p := problemsLine(t); p != "" {
		// The message is what GitHub annotations and GitLab's list show,
		// and GitLab shows no system-err: a failure caused by lost input
		// says so in both the message and the body.
		msg.Message = strings.TrimPrefix(t.Message+"; "+p, "; ")
		c.SystemErr = &junitText{xmlSafe(problemsText(t))}
	}
	switch t.Status {
	case runner.Fail:
		c.Failure, s.Failures = msg, s.Failures+1
		c.Failure.Type = "fail"
		c.SystemOut = &junitText{xmlSafe(junitRows(t))}
	case runner.Error, runner.Unsupported:
		c.Error, s.Errors = msg, s.Errors+1
		c.Error.Type = string(t.Status)
	case runner.Skip:
		c.Skipped, s.Skipped = &junitMessage{Message: t.Message}, s.Skipped+1
	default:
		c.SystemOut = &junitText{fmt.Sprintf("%d result(s)", t.ResultCount)}
	}
	s.Tests++
	s.secs += t.Duration.Seconds()
	s.Time = seconds(s.secs)
	s.Cases = append(s.Cases, c)
}

// junitDetail is the failure text: the records lost reading the
// datasets, datasets, stages and first rows, why nothing fired, and what
// the integration test found wrong.
func junitDetail(t runner.TestResult) string {
	body := problemsText(t) + detail(t)
	if x := explanationText(t); x != "" {
		body += "\n" + x
	}
	for _, p := range t.Integration {
		body += "integration: " + p + "\n"
	}
	return body
}

// junitRows lists every kept result row of a failing test, one per line,
// so the CI's test tab shows what the search returned without the JSON.
func junitRows(t runner.TestResult) string {
	if len(t.Rows) == 0 {
		return fmt.Sprintf("%d result(s)", t.ResultCount)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d result(s), %d shown:\n", t.ResultCount, len(t.Rows))
	for i, r := range t.Rows {
		cells := make([]string, len(t.Columns))
		for j, c := range t.Columns {
			cells[j] = c + "=" + r.Get(c).String()
		}
		fmt.Fprintf(&b, "row %d: %s\n", i+1, strings.Join(cells, " | "))
	}
	return b.String()
}

// xmlSafe replaces the characters XML 1.0 cannot carry (control
// characters from event data), which CDATA does not escape.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}

func seconds(f float64) string { return fmt.Sprintf("%.3f", f) }

// junitClassname turns a detection file into a dotted class name, because
// Jenkins' JUnit plugin splits classname at its last period into package
// and class: a path kept as is shows every test under class "yml". From
// the detections/ folder on when the path has one (the tree's own layout,
// however the tree was named on the command line), without the extension:
// detections/endpoint/x.yml is package detections.endpoint, class x.
func junitClassname(file string) string {
	p := filepath.ToSlash(file)
	if i := strings.LastIndex(p, "detections/"); i >= 0 && (i == 0 || p[i-1] == '/') {
		p = p[i:]
	}
	p = strings.TrimSuffix(p, path.Ext(p))
	var parts []string
	for _, part := range strings.Split(p, "/") {
		if part != "" && part != "." && part != ".." {
			parts = append(parts, strings.ReplaceAll(part, ".", "_"))
		}
	}
	return strings.Join(parts, ".")
}

// validationSuite holds one failing testcase per validation error, so a CI
// test tab shows why the run failed though every detection test passed;
// nil without errors.
func validationSuite(errs []runner.ValidationError) *junitSuite {
	if len(errs) == 0 {
		return nil
	}
	s := &junitSuite{Name: "dactest validate", Time: seconds(0)}
	for _, v := range errs {
		v.File = RepoPath(v.File)
		body := v.Position() + ": " + v.Text()
		s.Cases = append(s.Cases, junitCase{Name: v.Position() + " " + v.Check, Classname: "validate." + v.Check, Time: seconds(0),
			Failure: &junitMessage{Message: xmlSafe(v.Message), Type: v.Check, Body: xmlSafe(body)}})
		s.Tests++
		s.Failures++
	}
	return s
}
