package report

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// validateJUnit runs xmllint --schema against testdata/junit-10.xsd (the
// constraints of Jenkins' junit-10.xsd). xmllint is Debian's libxml2-utils;
// without it the test skips and says so, since Go has no XSD validator.
func validateJUnit(t *testing.T, doc []byte) error {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): JUnit XSD validation skipped")
	}
	path := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--schema", "testdata/junit-10.xsd", path).CombinedOutput()
	if err != nil {
		return &xsdError{string(out)}
	}
	return nil
}

type xsdError struct{ out string }

func (e *xsdError) Error() string { return e.out }

func TestJUnitValidatesAgainstJUnit10XSD(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	if err := validateJUnit(t, buf.Bytes()); err != nil {
		t.Fatalf("JUnit output breaks junit-10.xsd:\n%v\n%s", err, buf.String())
	}
}

// The schema check can fail: the attributes dactest used to write (file on
// testcase, skipped on testsuites) are rejected.
func TestJUnitXSDRejectsUnknownAttributes(t *testing.T) {
	bad := `<?xml version="1.0"?><testsuites skipped="1"><testsuite name="s" tests="1" failures="0" errors="0">` +
		`<testcase name="c" file="x.yml"/></testsuite></testsuites>`
	err := validateJUnit(t, []byte(bad))
	if err == nil || !strings.Contains(err.Error(), "skipped") || !strings.Contains(err.Error(), "file") {
		t.Fatalf("want both attributes rejected, got %v", err)
	}
}

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		File       string `xml:"file,attr"`
		Skipped    int    `xml:"skipped,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Type string `xml:"type,attr"`
			} `xml:"error"`
			Skipped   *struct{} `xml:"skipped"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitContents(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tests != 6 || doc.Failures != 1 || doc.Errors != 2 {
		t.Errorf("totals tests=%d failures=%d errors=%d", doc.Tests, doc.Failures, doc.Errors)
	}
	var fail, skip = -1, -1
	for i, s := range doc.Suites {
		switch s.Name {
		case "detections/endpoint/fail_detection.yml":
			fail = i
		case "detections/endpoint/skip_detection.yml":
			skip = i
		}
	}
	if fail < 0 || skip < 0 {
		t.Fatalf("suites %+v", doc.Suites)
	}
	s := doc.Suites[fail]
	var props []string
	for _, p := range s.Properties {
		props = append(props, p.Name+"="+p.Value)
	}
	wantProps := "detection_id=f1 detection_name=Fail Detection detection_type=Anomaly detection_status=production mitre_attack_id=T1003.001 mitre_attack_id=T1059"
	if got := strings.Join(props, " "); got != wantProps {
		t.Errorf("properties %q\nwant %q", got, wantProps)
	}
	if s.File != s.Name || len(s.Cases) != 2 {
		t.Errorf("suite %+v", s)
	}
	c := s.Cases[0]
	if c.Failure == nil || c.Failure.Message != "risk object user is null in 1 of 3 row(s)" ||
		!strings.Contains(c.Failure.Body, "10 -> 4") || !strings.Contains(c.Failure.Body, "nothing left after `where`") ||
		!strings.Contains(c.Failure.Body, "integration: risk message keeps $process$") {
		t.Errorf("failure %+v", c.Failure)
	}
	wantOut := "3 result(s), 2 shown:\nrow 1: user=alice|admin | dest=<script>alert(1)</script> | count=3\n" +
		"row 2: user= | dest=host-a\nhost-b | count=1\n"
	if c.SystemOut != wantOut {
		t.Errorf("system-out %q\nwant %q", c.SystemOut, wantOut)
	}
	if doc.Suites[skip].Skipped != 1 || doc.Suites[skip].Cases[0].Skipped == nil {
		t.Errorf("skip suite %+v", doc.Suites[skip])
	}
}

// Event data may hold control characters XML cannot carry; they must not
// make the file unreadable, and "]]>" must not end a CDATA section early.
func TestJUnitKeepsHostileValuesWellFormed(t *testing.T) {
	rep := fixtureReport()
	rep.Results[1].Rows[0]["user"] = event.Single("bell\x07 ]]> end")
	var buf bytes.Buffer
	if err := JUnit(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, buf.String())
	}
	if !strings.Contains(buf.String(), "user=bell\uFFFD ]]") {
		t.Errorf("control character not replaced:\n%s", buf.String())
	}
	if err := validateJUnit(t, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
}

func TestJUnitWithoutMetaStillNamesTheDetection(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(&buf, withoutMeta(fixtureReport())); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Suites {
		if len(s.Properties) != 2 || s.Properties[0].Name != "detection_id" {
			t.Errorf("%s: properties %+v", s.Name, s.Properties)
		}
	}
	if err := validateJUnit(t, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
}

// Jenkins' JUnit plugin splits a testcase classname at its last period
// into package and class (jenkinsci/junit-plugin; see e.g. Khady/ocaml-junit
// PR #2 and behave issue #91, which asks for features/x.feature to become
// "features.x"): a raw path puts every test in class "yml".
func TestJUnitClassnameIsDottedForJenkins(t *testing.T) {
	cases := []struct{ file, want string }{
		{"detections/endpoint/certutil_exe_certificate_extraction.yml", "detections.endpoint.certutil_exe_certificate_extraction"},
		{"../shared/corpus/security_content/detections/endpoint/x.yml", "detections.endpoint.x"},
		{"/work/sc/detections/deprecated/old_one.yml", "detections.deprecated.old_one"},
		{"(embedded)/detections/endpoint/y.yml", "detections.endpoint.y"},
		{"cases/my.detection.v2.yml", "cases.my_detection_v2"},
		{"./x.yml", "x"},
	}
	for _, c := range cases {
		if got := junitClassname(c.file); got != c.want {
			t.Errorf("junitClassname(%q) = %q, want %q", c.file, got, c.want)
		}
	}
}
