package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/spl"
)

// Events for several root datasets of the multi-root Endpoint model and
// for models with child datasets, tagged as CIM add-ons tag them.
const nodenameEvents = `
_time=10; tag=process|report; dest=ws1; process_name=cmd.exe
_time=11; tag=process|report; dest=ws2; process_name=powershell.exe
_time=12; tag=listening|port; dest=ws1; dest_port=445
_time=13; tag=endpoint|filesystem; dest=ws3; file_name=a.dll
_time=20; tag=network|communicate; action=allowed; dest_port=443
_time=21; tag=network|communicate; action=blocked; dest_port=23
_time=22; tag=network|communicate; action=blocked; dest_port=3389
_time=30; tag=web; url=http://a/; dest=w1
_time=31; tag=web|proxy; url=http://b/; dest=p1
_time=40; tag=certificate; dest=c1
_time=41; tag=certificate|ssl; dest=c2; ssl_hash=ab; ssl_issuer=CA
_time=50; tag=change|account; user=u1
_time=51; tag=change|audit; user=u2
`

// TestTstatsNodename pins how the dataset a data-model search reads is
// chosen. Splunk's Search Reference (tstats, 9.x and 10.x) gives the
// syntax `FROM datamodel=<data_model_name>.<root_dataset_name> [where
// nodename = <root_dataset_name>.<...>.<target_dataset_name>]`: nodename
// is a dataset path that starts at a root dataset, without the model
// name. security_content writes it that way (nodename=DNS,
// nodename=All_Sessions.DHCP, nodename=Authentication.Failed_Authentication).
func TestTstatsNodename(t *testing.T) {
	cases := []struct {
		name, why, spl, want string
	}{
		{"nodename picks a root of a multi-root model",
			"Endpoint's roots are Ports, Processes, Services, Filesystem, Registry; nodename=Processes reads Processes, not the first-defined Ports",
			`| tstats count from datamodel=Endpoint where nodename=Processes by Processes.process_name`,
			"Processes.process_name;count\ncmd.exe;1\npowershell.exe;1"},
		{"nodename with other where terms",
			"nodename selects the dataset; the other terms filter its rows",
			`| tstats count from datamodel=Endpoint where nodename=Processes Processes.process_name=cmd.exe by Processes.dest`,
			"Processes.dest;count\nws1;1"},
		{"nodename quoted and inside parentheses",
			"the value is a search term like any other: quotes and a one-term group do not change it",
			`| tstats count from datamodel=Endpoint where (nodename="Filesystem") by Filesystem.file_name`,
			"Filesystem.file_name;count\na.dll;1"},
		{"nodename = with spaces, as security_content writes it",
			"detect_usb_device_insertion.yml writes `where (nodename = All_Changes)`; spaces around = change nothing",
			`| tstats count from datamodel=Change where (nodename = All_Changes.Account_Management) by All_Changes.user`,
			"All_Changes.user;count\nu1;1"},
		{"nodename with the dataset also named in datamodel=",
			"datamodel=Endpoint.Processes where nodename=Processes is the same dataset twice",
			`| tstats count from datamodel=Endpoint.Processes where nodename=Processes`,
			"count\n2"},
		{"nodename names a child dataset",
			"All_Traffic.Traffic_By_Action.Blocked_Traffic (CIM 6.1.0 path) adds action=blocked to its parents' constraints",
			`| tstats count from datamodel=Network_Traffic where nodename=All_Traffic.Traffic_By_Action.Blocked_Traffic by All_Traffic.dest_port`,
			"All_Traffic.dest_port;count\n23;1\n3389;1"},
		{"nodename child under datamodel=Model.Root",
			"the documented form: the root in datamodel=, the child's path in nodename",
			`| tstats count from datamodel=Network_Traffic.All_Traffic where nodename=All_Traffic.Traffic_By_Action.Allowed_Traffic by All_Traffic.dest_port`,
			"All_Traffic.dest_port;count\n443;1"},
		{"nodename Web.Proxy",
			"Proxy is Web's child with constraint tag=proxy",
			`| tstats count from datamodel=Web where nodename=Web.Proxy by Web.dest`,
			"Web.dest;count\np1;1"},
		{"child dataset's own fields are readable",
			"SSL defines ssl_issuer; selecting SSL makes it a field of the rows, named by its owner's path (see TestTstatsLineageNames)",
			`| tstats count from datamodel=Certificates where nodename=All_Certificates.SSL by All_Certificates.SSL.ssl_issuer`,
			"All_Certificates.SSL.ssl_issuer;count\nCA;1"},
		{"nodename case-insensitive",
			"search terms compare values case-insensitively, so the nodename filter does too",
			`| tstats count from datamodel=Web where nodename=web.proxy`,
			"count\n1"},
		{"nodename across roots reads each root",
			"(nodename=A ...) OR (nodename=B ...) names two roots; each is read and the nodename terms filter the rows",
			`| tstats count from datamodel=Endpoint where (nodename=Processes Processes.process_name=cmd.exe) OR (nodename=Ports Ports.dest_port=445) by _time`,
			"_time;count\n10;1\n12;1"},
		{"NOT nodename keeps the rest of the dataset",
			"nodename is a field of the rows: NOT nodename=<child> drops the child's rows only",
			`| tstats count from datamodel=Network_Traffic where NOT nodename=All_Traffic.Traffic_By_Action.Blocked_Traffic by All_Traffic.dest_port`,
			"All_Traffic.dest_port;count\n443;1"},
		{"single-root model without nodename reads its root",
			"Web has one root, so datamodel=Web is unambiguous",
			`| tstats count from datamodel=Web`,
			"count\n2"},
		{"multi-root model without a dataset is an error naming the roots",
			"Endpoint has five roots; picking one silently returned wrong rows",
			`| tstats count from datamodel=Endpoint by Processes.process_name`,
			"error: the model has 5 root datasets (Ports, Processes, Services, Filesystem, Registry)"},
		{"from datamodel multi-root without a dataset is an error too",
			"`| from datamodel Endpoint` has the same ambiguity",
			`| from datamodel Endpoint`,
			"error: name one, e.g. datamodel=Endpoint.Ports"},
		{"model-prefixed nodename is an error with the documented path",
			"nodename paths start at the root dataset; Endpoint.Processes is no dataset path of Endpoint",
			`| tstats count from datamodel=Endpoint where nodename=Endpoint.Processes by Processes.process_name`,
			"error: did you mean nodename=Processes?"},
		{"unknown nodename lists the paths",
			"a typo must not read as zero rows",
			`| tstats count from datamodel=Network_Traffic where nodename=All_Traffic.Denied_Traffic`,
			"error: paths start at a root dataset: All_Traffic, All_Traffic.Traffic_By_Action, All_Traffic.Traffic_By_Action.Allowed_Traffic, All_Traffic.Traffic_By_Action.Blocked_Traffic"},
		{"nodename outside the datamodel= dataset is an error",
			"datamodel=Endpoint.Processes cannot hold Ports rows",
			`| tstats count from datamodel=Endpoint.Processes where nodename=Ports`,
			"error: dataset Ports is not inside datamodel=Endpoint.Processes"},
		{"nodename pattern filters without choosing",
			"a wildcard names no single dataset; with datamodel=Model.Root it filters that root's rows by path",
			`| tstats count from datamodel=Network_Traffic.All_Traffic where nodename=All_Traffic.Traffic_By_Action.B*`,
			"count\n2"},
	}
	env := testEnv(t)
	events := parseEvents(t, nodenameEvents)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := runSPL(t, env, events, c.spl)
			if msg, isErr := strings.CutPrefix(c.want, "error:"); isErr {
				if err == nil || !strings.Contains(err.Error(), strings.TrimSpace(msg)) {
					t.Fatalf("%s\n(%s)\nwant error containing %q, got %v", c.spl, c.why, msg, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s\n(%s)\nerror: %v", c.spl, c.why, err)
			}
			if got := renderTable(res.Table); got != c.want {
				t.Errorf("%s\n(%s)\n got:\n%s\nwant:\n%s", c.spl, c.why, got, c.want)
			}
		})
	}
}

// TestTstatsNodenameNoWarning: the user's report was a query that bound
// to Endpoint.Ports and warned that Processes.process_name is not
// defined there. With the dataset chosen by nodename, the field is known
// and no warning is raised.
func TestTstatsNodenameNoWarning(t *testing.T) {
	for _, text := range []string{
		`| tstats count from datamodel=Endpoint where nodename=Processes by Processes.process_name`,
		`| tstats count from datamodel=Endpoint where (nodename=Processes Processes.process_name=x) OR (nodename=Filesystem Filesystem.file_name=y) by Processes.dest Filesystem.dest`,
	} {
		q, err := spl.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Compile(q, testEnv(t))
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if len(p.Warnings) != 0 {
			t.Errorf("%s: warnings = %v", text, p.Warnings)
		}
	}
	// A field of none of the read datasets still warns, naming them.
	q, _ := spl.Parse(`| tstats count from datamodel=Endpoint where nodename=Processes by Registry.registry_path`)
	p, err := Compile(q, testEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Msg, "Endpoint.Processes") {
		t.Fatalf("warnings = %v", p.Warnings)
	}
	if _, err := p.Run(context.Background(), NewDataset(parseEvents(t, nodenameEvents))); err != nil {
		t.Fatal(err)
	}
}

// TestTstatsNodeAPI: explain-style tooling asks the engine which dataset
// tstats reads, and the projection carries the nodename field so a
// `where nodename=...` term is judged on it.
func TestTstatsNodeAPI(t *testing.T) {
	cases := []struct{ spl, want string }{
		{`| tstats count from datamodel=Endpoint where nodename=Processes`, "Processes"},
		{`| tstats count from datamodel=Network_Traffic where nodename=All_Traffic.Traffic_By_Action.Blocked_Traffic`, "Blocked_Traffic"},
		{`| tstats count from datamodel=Web`, "Web"},
		{`| tstats count from datamodel=Endpoint.Registry`, "Registry"},
		{`| tstats count from datamodel=Endpoint`, "error"},
		{`| tstats count from datamodel=Endpoint where nodename=Processes OR nodename=Ports`, "error"},
	}
	for _, c := range cases {
		q, err := spl.Parse(c.spl)
		if err != nil {
			t.Fatal(err)
		}
		got, err := TstatsNode(testEnv(t), q.Commands[0].(*spl.TstatsCommand))
		if err != nil {
			got = "error"
		}
		if got != c.want {
			t.Errorf("%s: node = %q (%v), want %q", c.spl, got, err, c.want)
		}
	}
	project, err := NodeProjection(testEnv(t), "Network_Traffic", "All_Traffic")
	if err != nil {
		t.Fatal(err)
	}
	row, in := project(parseEvents(t, `tag=network|communicate; action=blocked`)[0])
	if !in || strings.Join(row["nodename"], "|") != "All_Traffic|All_Traffic.Traffic_By_Action|All_Traffic.Traffic_By_Action.Blocked_Traffic" {
		t.Fatalf("nodename = %v, in = %v", row["nodename"], in)
	}
}
