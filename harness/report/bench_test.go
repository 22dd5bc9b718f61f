package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/runner"
)

// benchReport is a large run: 2,000 tests, a quarter failing with 50 rows.
func benchReport() *runner.Report {
	rep := &runner.Report{}
	fix := fixtureReport().Results
	for i := 0; i < 2000; i++ {
		r := fix[i%len(fix)]
		r.DetectionID = fmt.Sprintf("d%04d", i/2)
		r.Detection = fmt.Sprintf("Detection %04d", i/2)
		r.File = fmt.Sprintf("detections/endpoint/detection_%04d.yml", i/2)
		if r.Status == runner.Fail {
			r.Rows = nil
			for j := 0; j < runner.MaxRows; j++ {
				r.Rows = append(r.Rows, event.Row{"user": event.Single(fmt.Sprint("user", j)), "dest": event.Single("host"), "count": event.Single("1")})
			}
		}
		rep.Results = append(rep.Results, r)
		rep.Summary.Add(r.Status)
	}
	return rep
}

func BenchmarkReports(b *testing.B) {
	rep := benchReport()
	for i := range rep.Results {
		rep.Results[i].DetectionMeta = runner.DetectionMeta{DetectionType: "TTP", DetectionStatus: "production", MitreIDs: []string{"T1003.001", "T1059"}}
	}
	writers := map[string]func(io.Writer) error{
		"junit":     func(w io.Writer) error { return JUnit(w, rep) },
		"markdown":  func(w io.Writer) error { return Markdown(w, rep) },
		"summary":   func(w io.Writer) error { return SummaryYML(w, rep) },
		"html":      func(w io.Writer) error { return HTML(w, rep) },
		"navigator": func(w io.Writer) error { return Navigator(w, rep) },
	}
	for _, name := range []string{"junit", "markdown", "summary", "html", "navigator"} {
		b.Run(name, func(b *testing.B) {
			var size countingWriter
			for b.Loop() {
				size = 0
				if err := writers[name](&size); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size), "bytes/report")
		})
	}
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
