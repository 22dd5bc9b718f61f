package runner_test

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*LSASS*", "Dump LSASS via procdump", true},
		{"*lsass*", "Dump LSASS via procdump", true}, // case-insensitive
		{"*LSASS", "Dump LSASS via procdump", false},
		{"T1003*", "T1003.001", true},
		{"T1003*", "T1059.001", false},
		{"T1003", "T1003.001", false}, // no implicit wildcard
		{"ttp", "TTP", true},
		{"T?003", "T1003", true},
		{"T?003", "T003", false},
		{"*", "", true},
		{"", "", true},
		{"", "x", false},
		{"Sysmon*/Operational", "Sysmon EventID 1/Operational", true}, // * crosses /
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXbYY", false},
		{"*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false}, // no blow-up
	}
	for _, tt := range tests {
		if got := runner.Glob(tt.pattern, tt.s); got != tt.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestParseFilter(t *testing.T) {
	tests := []struct {
		in      string
		want    runner.Filter
		wantErr bool
	}{
		{in: "type=TTP", want: runner.Filter{Key: "type", Glob: "TTP"}},
		{in: "Type = TTP", want: runner.Filter{Key: "type", Glob: "TTP"}},
		{in: `story="Living Off The Land"`, want: runner.Filter{Key: "story", Glob: "Living Off The Land"}},
		{in: "story='Living Off The Land'", want: runner.Filter{Key: "story", Glob: "Living Off The Land"}},
		{in: "status!=deprecated", want: runner.Filter{Key: "status", Glob: "deprecated", Negate: true}},
		{in: "mitre=T1003*", want: runner.Filter{Key: "mitre", Glob: "T1003*"}},
		{in: "name=a=b", want: runner.Filter{Key: "name", Glob: "a=b"}},
		{in: "type", wantErr: true},
		{in: "colour=red", wantErr: true},
		{in: "type=", wantErr: true},
		{in: `type=""`, wantErr: true},
	}
	for _, tt := range tests {
		got, err := runner.ParseFilter(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.want) {
			t.Errorf("ParseFilter(%q) = %+v, %v; want %+v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestFilterMatches(t *testing.T) {
	d := &content.Detection{
		Name: "Dump LSASS via procdump", ID: "3742ebfe", File: "detections/endpoint/dump_lsass_via_procdump.yml",
		Type: "TTP", Status: "production",
		Stories:    []string{"Credential Dumping", "Living Off The Land"},
		DataSource: []string{"Sysmon EventID 1", "Windows Event Log Security 4688"},
		MitreIDs:   []string{"T1003.001"},
	}
	tests := []struct {
		filter string
		want   bool
	}{
		{"type=TTP", true},
		{"type=Anomaly", false},
		{"status=production", true},
		{"status!=production", false},
		{"status!=experimental", true},
		{`story="Living Off The Land"`, true}, // any of several values
		{"story=Ransomware", false},
		{"story!=Ransomware", true},
		{"story!=Credential*", false}, // negation: no value may match
		{"data_source=*4688", true},
		{"data_source=Sysmon EventID 10", false},
		{"mitre=T1003*", true},
		{"mitre=T1059*", false},
		{"name=*lsass*", true},
		{"id=3742*", true},
		{"file=*/endpoint/*", true},
	}
	for _, tt := range tests {
		f, err := runner.ParseFilter(tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Matches(d); got != tt.want {
			t.Errorf("%s on %q = %v, want %v", tt.filter, d.Name, got, tt.want)
		}
	}
}

func TestFilterJobsIsAnAndAndKeepsBrokenJobs(t *testing.T) {
	ttp := &content.Detection{Name: "A", Type: "TTP", Status: "production"}
	anomaly := &content.Detection{Name: "B", Type: "Anomaly", Status: "production"}
	experimental := &content.Detection{Name: "C", Type: "TTP", Status: "experimental"}
	broken := &content.Detection{Name: "detections/x.yml", File: "detections/x.yml"}
	jobs := []runner.Job{{Detection: ttp}, {Detection: anomaly}, {Detection: experimental}, {Detection: broken, LoadErr: errBroken}}
	var filters []runner.Filter
	for _, s := range []string{"type=TTP", "status=production"} {
		f, _ := runner.ParseFilter(s)
		filters = append(filters, f)
	}
	var names []string
	for _, j := range runner.FilterJobs(jobs, filters) {
		names = append(names, j.Detection.Name)
	}
	if len(names) != 2 || names[0] != "A" || names[1] != "detections/x.yml" {
		t.Errorf("kept %v, want [A detections/x.yml]", names)
	}
}

// A file filter reads a broken file's path, the one thing known about it:
// file=detections/endpoint/* drops detections/x.yml's load failure.
func TestFileFilterDropsOtherBrokenFiles(t *testing.T) {
	kept := &content.Detection{Name: "A", Path: "detections/endpoint/a.yml", File: "detections/endpoint/a.yml"}
	brokenHere := &content.Detection{Name: "detections/endpoint/b.yml", Path: "detections/endpoint/b.yml", File: "detections/endpoint/b.yml"}
	brokenElsewhere := &content.Detection{Name: "detections/x.yml", Path: "detections/x.yml", File: "detections/x.yml"}
	jobs := []runner.Job{{Detection: kept}, {Detection: brokenHere, LoadErr: errBroken}, {Detection: brokenElsewhere, LoadErr: errBroken}}
	f, _ := runner.ParseFilter("file=detections/endpoint/*")
	var names []string
	for _, j := range runner.FilterJobs(jobs, []runner.Filter{f}) {
		names = append(names, j.Detection.Name)
	}
	if strings.Join(names, " ") != "A detections/endpoint/b.yml" {
		t.Errorf("kept %v, want [A detections/endpoint/b.yml]", names)
	}
}

var errBroken = errorString("does not load")

type errorString string

func (e errorString) Error() string { return string(e) }

// file= matches the path inside the tree, as the repository shows it,
// whatever path the tree was named by on the command line (--content
// ../shared/corpus/security_content), and the path as named too.
func TestFilterFileMatchesThePathInsideTheTree(t *testing.T) {
	d := &content.Detection{Name: "X", Path: "detections/endpoint/x.yml",
		File: "../shared/corpus/security_content/detections/endpoint/x.yml"}
	tests := []struct {
		filter string
		want   bool
	}{
		{"file=detections/endpoint/x.yml", true},
		{"file=detections/endpoint/*", true},
		{"file=../shared/*", true},
		{"file=detections/cloud/*", false},
		{"file!=detections/endpoint/*", false},
		{"file!=detections/cloud/*", true},
	}
	for _, tt := range tests {
		f, err := runner.ParseFilter(tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Matches(d); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.filter, got, tt.want)
		}
	}
}

// A tree named with a trailing slash (shell completion adds one) gives a
// broken file the same path inside the tree.
func TestPathInTreeIgnoresATrailingSlash(t *testing.T) {
	for _, label := range []string{"c2", "c2/", "./c2/"} {
		file := strings.TrimSuffix(label, "/") + "/detections/cloud/x.yml"
		if got := runner.PathInTree(&content.Tree{Label: label}, file); got != "detections/cloud/x.yml" {
			t.Errorf("label %q: %q", label, got)
		}
	}
}
