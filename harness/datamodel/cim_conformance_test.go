package datamodel_test

// Conformance of the shipped CIM models with Splunk's own: the data model
// JSON of Splunk_SA_CIM 6.1.0 (default/app.conf version=6.1.0,
// default/data/models/<Model>.json). Each row states what the real model
// says; see harness/datamodel/README.md for how it is carried over.

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/datamodel"
	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
)

const cimVersion = "Splunk_SA_CIM 6.1.0"

func cim(t *testing.T) *datamodel.Set {
	t.Helper()
	s, err := datamodel.CIM()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func node(t *testing.T, s *datamodel.Set, path string) *datamodel.Node {
	t.Helper()
	model, ds, _ := strings.Cut(path, ".")
	n, err := s.Node(model, ds)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCIMModelsNameTheirSource: every CIM model (Risk is ES's, not CIM's)
// says which Splunk_SA_CIM it was compared against.
func TestCIMModelsNameTheirSource(t *testing.T) {
	s := cim(t)
	for _, name := range s.Models() {
		if name == "Risk" {
			continue
		}
		m, _ := s.Model(name)
		if !strings.Contains(m.Description, cimVersion) {
			t.Errorf("%s: description %q does not name %s", name, m.Description, cimVersion)
		}
	}
}

// TestCIMConstraints pins each dataset's parent and constraint to the
// "parentName" and "constraints"/"baseSearch" of the real model (the
// `cim_<Model>_indexes` macro, which only restricts indexes, left out).
func TestCIMConstraints(t *testing.T) {
	s := cim(t)
	for _, c := range []struct{ dataset, parent, constraint, why string }{
		{"Alerts.Alerts", "", "tag=alert", "Alerts.json root"},
		{"Authentication.Authentication", "", "tag=authentication NOT (action=success user=*$)", "Authentication.json root: successful computer-account logons are not in the model"},
		{"Authentication.Failed_Authentication", "Authentication", `action="failure"`, "child of the root"},
		{"Authentication.Default_Authentication", "Authentication", `tag="default"`, "child of the root"},
		{"Authentication.Failed_Default_Authentication", "Default_Authentication", `action="failure"`, "grandchild: failures among default-account logons"},
		{"Authentication.Insecure_Authentication", "Authentication", `tag="insecure" OR tag="cleartext"`, "either tag"},
		{"Authentication.Successful_Privileged_Authentication", "Privileged_Authentication", `action="success"`, "grandchild of Privileged_Authentication"},
		{"Certificates.All_Certificates", "", "tag=certificate", "Certificates.json root"},
		{"Certificates.SSL", "All_Certificates", "(tag=ssl OR tag=tls)", "SSL is selected by tags, not by ssl_hash (ssl_hash is a calculated field filled with unknown)"},
		{"Change.All_Changes", "", "tag=change NOT (object_category=file OR object_category=directory OR object_category=registry)", "file/directory/registry changes belong to Endpoint, not Change"},
		{"Change.Endpoint_Restarts", "Endpoint_Changes", "action=modified change_type=restart", "grandchild of All_Changes"},
		{"Change.Other_Endpoint_Changes", "Endpoint_Changes", "NOT change_type=restart", "complement of Endpoint_Restarts"},
		{"Change.Device_Restarts", "Network_Changes", "action=modified change_type=restart", "under Network_Changes"},
		{"Change.Account_Management", "All_Changes", "tag=account", "child of the root"},
		{"Change.Accounts_Updated", "Account_Management", `action="updated" OR action="modified"`, "either action"},
		{"Change.Account_Lockouts", "Account_Management", `result="lockout" OR ((NOT result=* OR result="") signature="lockout")`, `real constraint result="lockout" is tested on the calculated result, which falls back to signature`},
		{"Change.Instance_Changes", "All_Changes", "tag=instance", "child of the root"},
		{"Email.All_Email", "", "tag=email", "Email.json root"},
		{"Email.Filtering", "All_Email", "tag=filter", "child of the root"},
		{"Endpoint.Ports", "", "tag=listening tag=port", "baseSearch of the Ports search dataset"},
		{"Endpoint.Processes", "", "tag=process tag=report", "baseSearch of the Processes search dataset"},
		{"Endpoint.Services", "", "tag=service tag=report", "baseSearch of Services"},
		{"Endpoint.Filesystem", "", "tag=endpoint tag=filesystem", "baseSearch of Filesystem"},
		{"Endpoint.Registry", "", "tag=endpoint tag=registry", "baseSearch of Registry"},
		{"Intrusion_Detection.IDS_Attacks", "", "tag=ids tag=attack", "Intrusion_Detection.json root"},
		{"Intrusion_Detection.Network_IDS_Attacks", "IDS_Attacks", `ids_type="network"`, "child by ids_type"},
		{"Network_Resolution.DNS", "", "tag=network tag=resolution tag=dns", "Network_Resolution.json root"},
		{"Network_Sessions.All_Sessions", "", "tag=network tag=session", "Network_Sessions.json root"},
		{"Network_Sessions.DHCP", "All_Sessions", "tag=dhcp", "child of the root"},
		{"Network_Traffic.All_Traffic", "", "tag=network tag=communicate", "Network_Traffic.json root"},
		{"Network_Traffic.Traffic_By_Action", "All_Traffic", "action=* OR NOT action=*", "real action=* is always true: the root's calculated action is unknown when missing"},
		{"Network_Traffic.Allowed_Traffic", "Traffic_By_Action", "action=allowed", "under Traffic_By_Action, not directly under All_Traffic"},
		{"Network_Traffic.Blocked_Traffic", "Traffic_By_Action", "action=blocked", "under Traffic_By_Action"},
		{"Updates.Updates", "", "tag=update tag=status", "Updates.json root"},
		{"Updates.Restart_Required_Updates", "Updates", `status="restart_required"`, "child by status"},
		{"Vulnerabilities.Vulnerabilities", "", "tag=vulnerability tag=report", "Vulnerabilities.json root"},
		{"Vulnerabilities.High_Critical_Vulnerabilities", "Vulnerabilities", `(severity="high" OR severity="critical")`, "child by severity"},
		{"Web.Web", "", "tag=web", "Web.json root"},
		{"Web.Proxy", "Web", "tag=proxy", "child of the root"},
		{"Web.Storage", "Web", "tag=storage", "child of the root"},
	} {
		n := node(t, s, c.dataset)
		if n.Parent != c.parent || n.Constraint != c.constraint {
			t.Errorf("%s: parent %q constraint %q, want parent %q constraint %q (%s)", c.dataset, n.Parent, n.Constraint, c.parent, c.constraint, c.why)
		}
	}
}

// TestCIMFieldOwnership pins which dataset defines a field ("fields" or a
// calculation's "outputFields" of that object in the real JSON), and
// whether it is calculated. A child's own fields are not its parent's.
func TestCIMFieldOwnership(t *testing.T) {
	s := cim(t)
	owns := func(n *datamodel.Node, f string) (own, calc bool) {
		for _, x := range n.Fields {
			if x == f {
				return true, false
			}
		}
		for _, c := range n.Calculated {
			if c.Name == f {
				return true, true
			}
		}
		return false, false
	}
	inherits := func(n *datamodel.Node, f string) bool {
		for _, x := range n.AllFields() {
			if x.Name == f {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		dataset, field string
		own, calc      bool
		why            string
	}{
		{"Certificates.SSL", "ssl_issuer", true, true, "SSL_fillnull_ssl_issuer"},
		{"Certificates.SSL", "ssl_hash", true, true, "SSL_fillnull_ssl_hash"},
		{"Certificates.SSL", "ssl_issuer_email_domain", true, true, "Rex calculation on ssl_issuer_email"},
		{"Certificates.SSL", "ssl_issuer_email", true, false, "SSL field"},
		{"Certificates.All_Certificates", "ssl_issuer", false, false, "defined by SSL, not its parent"},
		{"Certificates.All_Certificates", "src", true, false, "root field (so All_Certificates.SSL.src is no field)"},
		{"Change.Instance_Changes", "instance_type", true, true, "Instance_fillnull_instance_type"},
		{"Change.Instance_Changes", "image_id", true, true, "Instance_fillnull_image_id"},
		{"Change.All_Changes", "instance_type", false, false, "defined by Instance_Changes"},
		{"Change.Account_Management", "src_user", true, true, "Account_Management_fillnull_src_user"},
		{"Change.All_Changes", "src_user", false, false, "defined by Account_Management"},
		{"Change.All_Changes", "result", true, true, "All_Changes_fillnull_result"},
		{"Change.All_Changes", "vendor_product", true, true, "All_Changes_vendor_product"},
		{"Email.Filtering", "filter_action", true, false, "Filtering field"},
		{"Email.All_Email", "filter_action", false, false, "defined by Filtering"},
		{"Email.All_Email", "recipient_count", true, true, "2Email_recipient_count"},
		{"Endpoint.Processes", "process_name", true, true, "Endpoint_Processes_fillnull_process_name"},
		{"Endpoint.Processes", "process_integrity_level", true, true, "lower() in the Processes baseSearch"},
		{"Endpoint.Processes", "parent_process_hash", true, false, "Processes field"},
		{"Endpoint.Ports", "transport_dest_port", true, true, "mvzip in the Ports baseSearch"},
		{"Endpoint.Ports", "user_id", false, false, "not a Ports field"},
		{"Authentication.Authentication", "vendor_product", false, false, "not an Authentication field in 6.1.0"},
		{"Authentication.Authentication", "app", true, true, "Authentication_fillnull_app (sourcetype)"},
		{"Intrusion_Detection.IDS_Attacks", "ids_type", true, true, "IDS_Attacks_fillnull_ids_type"},
		{"Intrusion_Detection.IDS_Attacks", "dest_ip", false, false, "not an IDS_Attacks field"},
		{"Network_Resolution.DNS", "reply_code_id", true, true, "DNS_0fillnull_reply_code_id"},
		{"Network_Sessions.DHCP", "lease_duration", true, false, "DHCP field"},
		{"Network_Sessions.All_Sessions", "lease_duration", false, false, "defined by DHCP"},
		{"Network_Traffic.All_Traffic", "bytes", true, true, "All_Traffic_bytes"},
		{"Network_Traffic.All_Traffic", "rule_id", true, false, "All_Traffic field"},
		{"Web.Web", "url_length", true, true, "2Web_url_length"},
		{"Web.Web", "error_code", false, false, "defined by Storage"},
		{"Web.Storage", "error_code", true, false, "Storage field"},
	} {
		n := node(t, s, c.dataset)
		own, calc := owns(n, c.field)
		if own != c.own || calc != c.calc {
			t.Errorf("%s.%s: own=%v calculated=%v, want own=%v calculated=%v (%s)", c.dataset, c.field, own, calc, c.own, c.calc, c.why)
		}
		if !c.own && inherits(n, c.field) {
			t.Errorf("%s: has %s through its lineage, want none (%s)", c.dataset, c.field, c.why)
		}
	}
}

// row builds an event: "a=1; tag=x|y" (| separates values).
func row(t *testing.T, text string) event.Row {
	t.Helper()
	r := event.Row{event.Time: event.Single("1")}
	for _, f := range strings.Split(text, ";") {
		if strings.TrimSpace(f) == "" {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(f), "=")
		if !ok {
			t.Fatalf("bad field %q", f)
		}
		r[k] = event.Value(strings.Split(v, "|"))
	}
	return r
}

// TestCIMMembership: an event is in a dataset exactly when it meets the
// constraints of the dataset and all its ancestors, as Splunk's tags and
// constraints would place it.
func TestCIMMembership(t *testing.T) {
	s := cim(t)
	for _, c := range []struct {
		event, dataset string
		in             bool
		why            string
	}{
		{"tag=certificate|ssl", "Certificates.SSL", true, "tag=ssl is enough; no ssl_hash needed"},
		{"tag=certificate|tls", "Certificates.SSL", true, "tag=tls also"},
		{"tag=certificate; ssl_hash=ab12", "Certificates.SSL", false, "an ssl_hash without the ssl/tls tag is not SSL"},
		{"tag=ssl", "Certificates.SSL", false, "the root needs tag=certificate"},
		{"tag=authentication; action=success; user=WS1$", "Authentication.Authentication", false, "successful computer-account logon excluded"},
		{"tag=authentication; action=failure; user=WS1$", "Authentication.Failed_Authentication", true, "failed computer-account logon kept"},
		{"tag=authentication|default; action=failure; user=admin", "Authentication.Failed_Default_Authentication", true, "default tag and failure"},
		{"tag=authentication|default; action=success; user=admin", "Authentication.Failed_Default_Authentication", false, "not a failure"},
		{"tag=change|account; action=modified", "Change.Accounts_Updated", true, `action="modified" counts as updated`},
		{"tag=change|account; signature=lockout", "Change.Account_Lockouts", true, "result is calculated from signature when missing"},
		{"tag=change|account; result=lockout", "Change.Account_Lockouts", true, "result itself"},
		{"tag=change|account; result=success; signature=lockout", "Change.Account_Lockouts", false, "a present result wins over signature"},
		{"tag=change|instance; object_category=file", "Change.Instance_Changes", false, "file changes are excluded by the root"},
		{"tag=change|endpoint; action=modified; change_type=restart", "Change.Endpoint_Restarts", true, "restart"},
		{"tag=change|endpoint; action=modified; change_type=restart", "Change.Other_Endpoint_Changes", false, "a restart is not other"},
		{"tag=change|endpoint", "Change.Other_Endpoint_Changes", true, "no change_type: calculated unknown, not restart"},
		{"tag=network|communicate", "Network_Traffic.Traffic_By_Action", true, "action is calculated to unknown, so action=* holds"},
		{"tag=network|communicate; action=blocked", "Network_Traffic.Blocked_Traffic", true, "blocked under Traffic_By_Action"},
		{"tag=network|communicate; action=allowed", "Network_Traffic.Blocked_Traffic", false, "allowed is not blocked"},
		{"tag=ids|attack; ids_type=host", "Intrusion_Detection.Host_IDS_Attacks", true, "ids_type=host"},
		{"tag=process", "Endpoint.Processes", false, "needs tag=report too"},
		{"tag=update|status; status=restart_required", "Updates.Restart_Required_Updates", true, "status value with underscore"},
		{"tag=vulnerability|report; severity=critical", "Vulnerabilities.High_Critical_Vulnerabilities", true, "critical"},
		{"tag=web|storage", "Web.Storage", true, "tag=storage"},
	} {
		n := node(t, s, c.dataset)
		in := true
		for _, x := range n.Lineage() {
			m, err := engine.CompileSearch(x.Constraint)
			if err != nil {
				t.Fatalf("%s: %v", x.Name, err)
			}
			in = in && m(row(t, c.event))
		}
		if in != c.in {
			t.Errorf("%s in %s = %v, want %v (%s)", c.event, c.dataset, in, c.in, c.why)
		}
	}
}

// TestCIMCalculatedFields evaluates a dataset's calculated field on one
// event, as the data model computes it for every event it holds.
func TestCIMCalculatedFields(t *testing.T) {
	s := cim(t)
	for _, c := range []struct{ event, dataset, field, want, why string }{
		{"tag=process|report; process=C:\\Windows\\System32\\cmd.exe /c whoami", "Endpoint.Processes", "process_name", `C:\Windows\System32\cmd.exe`, "process_name falls back to the first word of process"},
		{"tag=process|report; process_name=a.exe", "Endpoint.Processes", "user", "unknown", "Endpoint_Processes_fillnull_user"},
		{"tag=process|report; process_name=a.exe", "Endpoint.Processes", "parent_process_name", "unknown", "neither parent_process_name nor parent_process"},
		{"tag=process|report; process_integrity_level=High", "Endpoint.Processes", "process_integrity_level", "high", "lowered by the baseSearch"},
		{"tag=process|report; sourcetype=XmlWinEventLog", "Endpoint.Processes", "vendor_product", "XmlWinEventLog", "vendor_product falls back to sourcetype"},
		{"tag=process|report; vendor=Microsoft; product=Sysmon", "Endpoint.Processes", "vendor_product", "Microsoft Sysmon", "vendor and product joined"},
		{"tag=listening|port; transport=tcp; dest_port=53", "Endpoint.Ports", "transport_dest_port", "tcp/53", "mvzip(transport,dest_port,\"/\")"},
		{"tag=certificate|ssl; ssl_issuer_email=ca@example.org", "Certificates.SSL", "ssl_issuer_email_domain", "example.org", "Rex ^.*@(?<ssl_issuer_email_domain>.+)$"},
		{"tag=certificate|ssl", "Certificates.SSL", "ssl_hash", "unknown", "SSL_fillnull_ssl_hash"},
		{"tag=change; signature=lockout", "Change.All_Changes", "result", "lockout", "result falls back to signature"},
		{"tag=change", "Change.All_Changes", "result_id", "-1", "result_id falls back to -1"},
		{"tag=network|communicate; bytes_in=10; bytes_out=5", "Network_Traffic.All_Traffic", "bytes", "15", "bytes_in+bytes_out"},
		{"tag=network|communicate; transport=TCP", "Network_Traffic.All_Traffic", "transport", "tcp", "transport lowered"},
		{"tag=network|communicate", "Network_Traffic.All_Traffic", "dest_port", "0", "dest_port 0 when not numeric"},
		{"tag=web; url=https://u@evil.example:8443/a?b=c", "Web.Web", "url_domain", "evil.example", "Rex on url"},
		{"tag=web", "Web.Web", "url_domain", "unknown", "the Rex reads the url already filled with unknown"},
		{"tag=web", "Web.Web", "url_length", "7", "len() of the filled url"},
		{"tag=web; http_user_agent=-", "Web.Web", "http_user_agent_length", "7", "a dash counts as missing"},
		{"tag=web; http_referrer=http://ref.example/x", "Web.Web", "http_referrer_domain", "ref.example", "Rex on http_referrer"},
		{"tag=email; recipient=a@x.org|b@y.org", "Email.All_Email", "recipient_count", "2", "mvcount(recipient)"},
		{"tag=email; src_user=s@z.org", "Email.All_Email", "src_user_domain", "z.org", "Rex on src_user"},
		{"tag=network|resolution|dns; reply_code=NXDomain", "Network_Resolution.DNS", "reply_code_id", "NXDomain", "reply_code_id falls back to reply_code"},
		{"tag=network|session; source=stream:dhcp; yiaddr=10.1.1.5", "Network_Sessions.All_Sessions", "dest_ip", "10.1.1.5", "Stream DHCP yiaddr"},
		{"tag=vulnerability|report; cve=CVE-2021-44228", "Vulnerabilities.Vulnerabilities", "cve", "cve-2021-44228", "cve lowered"},
		{"tag=update|status; signature_id=KB500", "Updates.Updates", "signature", "KB500", "signature falls back to signature_id"},
		{"tag=alert", "Alerts.Alerts", "type", "unknown", "Alerts_fillnull_type"},
	} {
		var expr string
		for _, x := range node(t, s, c.dataset).Calculated {
			if x.Name == c.field {
				expr = x.Eval
			}
		}
		if expr == "" {
			t.Errorf("%s: no calculated field %s", c.dataset, c.field)
			continue
		}
		f, err := engine.CompileEval(expr)
		if err != nil {
			t.Fatalf("%s.%s: %v", c.dataset, c.field, err)
		}
		if got := strings.Join(f(row(t, c.event)), "|"); got != c.want {
			t.Errorf("%s.%s over {%s} = %q, want %q (%s)", c.dataset, c.field, c.event, got, c.want, c.why)
		}
	}
}
