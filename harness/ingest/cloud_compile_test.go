package ingest_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// cloudDataSources are the data source name prefixes the cloud add-on
// definitions (aws.yml, o365.yml, azure.yml, gsuite.yml) serve.
var cloudDataSources = []string{"AWS CloudTrail", "AWS CloudWatchLogs", "AWS Security Hub", "AWS Cloudfront",
	"O365", "Azure", "Google Workspace", "GitHub"}

// What dactest cannot run in the cloud detections, whatever the data:
// each is named with the command it lacks.
var knownCloudUnsupported = map[string]string{
	"aws_exfiltration_via_anomalous_getobject_api_activity.yml":         "anomalydetection",
	"cloud_provisioning_activity_from_previously_unseen_city.yml":       "iplocation",
	"cloud_provisioning_activity_from_previously_unseen_country.yml":    "iplocation",
	"cloud_provisioning_activity_from_previously_unseen_region.yml":     "iplocation",
	"cloud_provisioning_activity_from_previously_unseen_ip_address.yml": "KV-store collection",
	"detect_aws_console_login_by_user_from_new_city.yml":                "iplocation",
	"detect_aws_console_login_by_user_from_new_country.yml":             "iplocation",
	"detect_aws_console_login_by_user_from_new_region.yml":              "iplocation",
}

// Every production detection that names a cloud data source compiles,
// but for the few that use what the engine lacks.
func TestCloudDetectionsCompile(t *testing.T) {
	tree, compiler := corpusCompiler(t)
	n := 0
	for _, d := range tree.Detections {
		if d.Status != "production" || !namesCloudDataSource(d) {
			continue
		}
		n++
		c := compiler.Get(tree, d)
		lacks, known := knownCloudUnsupported[filepath.Base(d.File)]
		want := runner.Pass
		if known {
			want = runner.Unsupported
		}
		if st := c.Status(); st != want {
			t.Errorf("%s: %s, want %s %v", d.File, st, want, c.Problems)
			continue
		}
		if known && lacks != "" && !strings.Contains(problemsText(c.Problems), lacks) {
			t.Errorf("%s: unsupported for %v, want %s", d.File, c.Problems, lacks)
		}
	}
	if n < 150 {
		t.Fatalf("only %d production cloud detections", n)
	}
}

func namesCloudDataSource(d *content.Detection) bool {
	for _, ds := range d.DataSource {
		for _, p := range cloudDataSources {
			if strings.HasPrefix(ds, p) {
				return true
			}
		}
	}
	return false
}

func problemsText(ps []runner.Problem) string {
	var sb strings.Builder
	for _, p := range ps {
		sb.WriteString(p.String())
	}
	return sb.String()
}
