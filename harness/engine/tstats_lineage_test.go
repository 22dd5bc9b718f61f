package engine

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

// Events for models whose child datasets define fields of their own.
const lineageEvents = `
_time=40; tag=certificate; dest=c1
_time=41; tag=certificate|ssl; dest=c2; ssl_issuer=CA
_time=42; tag=certificate|ssl; dest=c3; ssl_issuer=CA
_time=50; tag=change|account; user=u1; object_category=user
_time=51; tag=change|instance; user=u2; object_category=instance; instance_type=t3.micro
_time=52; tag=change|instance; user=u3; object_category=instance
`

// TestTstatsLineageNames pins how data-model fields are named. Splunk
// names a field by the dataset that defines it, whichever dataset is
// searched: All_Certificates.src (the root's) and
// All_Certificates.SSL.ssl_issuer (the child SSL's). security_content
// reads child fields that way (All_Certificates.SSL.ssl_issuer in
// ssl_certificates_with_punycode.yml,
// All_Changes.Instance_Changes.instance_type in the AWS/GCP instance
// detections). A child's field is readable from a search over an
// ancestor; events outside the child have it null (here the calculated
// "unknown" fill of Instance_Changes applies only inside Instance_Changes).
func TestTstatsLineageNames(t *testing.T) {
	cases := []struct {
		name, why, spl, want string
	}{
		{"child field by its lineage path, child selected",
			"SSL defines ssl_issuer, so its name is All_Certificates.SSL.ssl_issuer",
			`| tstats count from datamodel=Certificates where nodename=All_Certificates.SSL by All_Certificates.SSL.ssl_issuer`,
			"All_Certificates.SSL.ssl_issuer;count\nCA;2"},
		{"child field read from the root dataset",
			"a search over All_Certificates reads its descendants' fields; c1 is not in SSL, so its ssl_issuer is null and by drops the row",
			`| tstats count from datamodel=Certificates.All_Certificates by All_Certificates.dest All_Certificates.SSL.ssl_issuer`,
			"All_Certificates.dest;All_Certificates.SSL.ssl_issuer;count\nc2;CA;1\nc3;CA;1"},
		{"child field outside the child is null, not the event's field",
			"fillnull_value shows the null: c1 has no ssl_issuer as far as the model is concerned",
			`| tstats fillnull_value=null count from datamodel=Certificates.All_Certificates by All_Certificates.dest All_Certificates.SSL.ssl_issuer`,
			"All_Certificates.dest;All_Certificates.SSL.ssl_issuer;count\nc1;null;1\nc2;CA;1\nc3;CA;1"},
		{"inherited field keeps its owner's name in a child",
			"dest is defined by the root, so it stays All_Certificates.dest when SSL is searched",
			`| tstats count from datamodel=Certificates where nodename=All_Certificates.SSL by All_Certificates.dest`,
			"All_Certificates.dest;count\nc2;1\nc3;1"},
		{"child field under the root prefix is no field",
			"All_Certificates.ssl_issuer names nothing in Splunk's model: all rows have it null",
			`| tstats fillnull_value=null count from datamodel=Certificates where nodename=All_Certificates.SSL by All_Certificates.ssl_issuer`,
			"All_Certificates.ssl_issuer;count\nnull;2"},
		{"child calculated field applies inside the child only",
			"Instance_Changes fills a missing instance_type with unknown; the account change is outside Instance_Changes, so null",
			`| tstats fillnull_value=null count from datamodel=Change.All_Changes by All_Changes.user All_Changes.Instance_Changes.instance_type`,
			"All_Changes.user;All_Changes.Instance_Changes.instance_type;count\nu1;null;1\nu2;t3.micro;1\nu3;unknown;1"},
		{"child field in where",
			"a where term on a descendant's field keeps the events inside it with that value",
			`| tstats count from datamodel=Change.All_Changes where All_Changes.Instance_Changes.instance_type=unknown by All_Changes.user`,
			"All_Changes.user;count\nu3;1"},
		{"child field in an aggregation",
			"values() of a descendant's field skips the events outside it",
			`| tstats values(All_Changes.Instance_Changes.instance_type) as types from datamodel=Change.All_Changes`,
			"types\nt3.micro|unknown"},
	}
	env := testEnv(t)
	events := parseEvents(t, lineageEvents)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := runSPL(t, env, events, c.spl)
			if err != nil {
				t.Fatalf("%s\n(%s)\nerror: %v", c.spl, c.why, err)
			}
			if got := renderTable(res.Table); got != c.want {
				t.Errorf("%s\n(%s)\n got:\n%s\nwant:\n%s", c.spl, c.why, got, c.want)
			}
		})
	}
}

// TestTstatsRootPrefixedChildFieldWarns: the old dactest naming
// (All_Certificates.ssl_issuer) must not read as an empty verdict
// without a word.
func TestTstatsRootPrefixedChildFieldWarns(t *testing.T) {
	env := testEnv(t)
	q, err := spl.Parse(`| tstats count from datamodel=Certificates where nodename=All_Certificates.SSL by All_Certificates.ssl_issuer`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Compile(q, env)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, w := range p.Warnings {
		all = append(all, w.Error())
	}
	if !strings.Contains(strings.Join(all, "\n"), "All_Certificates.ssl_issuer") {
		t.Errorf("want a warning naming All_Certificates.ssl_issuer, got %q", all)
	}
}
