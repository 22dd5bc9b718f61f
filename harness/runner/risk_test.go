package runner

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/internal/testenv"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
)

func riskDetection(typ string, objs []content.RiskObject, threats []content.ThreatObject, msg string) *content.Detection {
	return &content.Detection{
		Name: "Demo Rule", Type: typ, SecurityDomain: "endpoint",
		Stories: []string{"Story A"}, MitreIDs: []string{"T1003"},
		Risk: content.Risk{Vintage: "rba", Message: msg, RiskObjects: objs, ThreatObjects: threats},
	}
}

func row(kv ...any) event.Row {
	r := event.Row{}
	for i := 0; i < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case string:
			r[kv[i].(string)] = event.Value{v}
		case []string:
			r[kv[i].(string)] = event.Value(v)
		}
	}
	return r
}

// brief is a risk event reduced to what the table compares.
type brief struct {
	Object, Type string
	Score        int
	Message      string
	Threats      string
}

func briefs(es []RiskEvent) []brief {
	var out []brief
	for _, e := range es {
		out = append(out, brief{e.RiskObject, e.RiskObjectType, e.RiskScore, e.RiskMessage, strings.Join(e.ThreatObject, ",")})
	}
	return out
}

func TestBuildRiskEvents(t *testing.T) {
	user := content.RiskObject{Field: "user", Type: "user", Score: 63}
	dest := content.RiskObject{Field: "dest", Type: "system", Score: 40}
	proc := content.ThreatObject{Field: "process_name", Type: "process"}
	cases := []struct {
		name string
		objs []content.RiskObject
		msg  string
		rows []event.Row
		want []brief
	}{
		{"one event per risk object per row", []content.RiskObject{user, dest}, "$user$ on $dest$",
			[]event.Row{row("user", "alice", "dest", "ws1", "process_name", "x.exe"), row("user", "bob", "dest", "ws2", "process_name", "y.exe")},
			[]brief{{"alice", "user", 63, "alice on ws1", "x.exe"}, {"ws1", "system", 40, "alice on ws1", "x.exe"},
				{"bob", "user", 63, "bob on ws2", "y.exe"}, {"ws2", "system", 40, "bob on ws2", "y.exe"}}},
		{"multivalue risk object: one event per value", []content.RiskObject{user}, "by $user$",
			[]event.Row{row("user", []string{"alice", "bob"}, "process_name", "x.exe")},
			[]brief{{"alice", "user", 63, "by alice\nbob", "x.exe"}, {"bob", "user", 63, "by alice\nbob", "x.exe"}}},
		{"null risk object: no event", []content.RiskObject{user, dest}, "$dest$",
			[]event.Row{row("dest", "ws1")},
			[]brief{{"ws1", "system", 40, "ws1", ""}}},
		{"missing token kept, as ES leaves it", []content.RiskObject{dest}, "$dest$ ran $process$",
			[]event.Row{row("dest", "ws1")},
			[]brief{{"ws1", "system", 40, "ws1 ran $process$", ""}}},
		{"risk_score in the results overrides the declared score", []content.RiskObject{dest}, "x",
			[]event.Row{row("dest", "ws1", "risk_score", "90")},
			[]brief{{"ws1", "system", 90, "x", ""}}},
		{"a fractional risk_score is not the declared score", []content.RiskObject{dest}, "x",
			[]event.Row{row("dest", "ws1", "risk_score", "12.5")},
			[]brief{{"ws1", "system", 13, "x", ""}}},
		{"blank risk object: no event", []content.RiskObject{user, dest}, "x",
			[]event.Row{row("user", " ", "dest", "ws1")},
			[]brief{{"ws1", "system", 40, "x", ""}}},
		{"multivalue threat object: every value", []content.RiskObject{dest}, "x",
			[]event.Row{row("dest", "ws1", "process_name", []string{"a.exe", "b.exe"})},
			[]brief{{"ws1", "system", 40, "x", "a.exe,b.exe"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := riskDetection("TTP", c.objs, []content.ThreatObject{proc}, c.msg)
			got := briefs(buildRiskEvents(d, c.rows))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestRiskEventCarriesDetectionContext(t *testing.T) {
	d := riskDetection("Anomaly", []content.RiskObject{{Field: "dest", Type: "system", Score: 5}},
		[]content.ThreatObject{{Field: "process_name", Type: "process"}}, "m")
	es := buildRiskEvents(d, []event.Row{row("dest", "ws1", "process_name", "x.exe")})
	want := RiskEvent{SearchName: "ESCU - Demo Rule - Rule", RiskObject: "ws1", RiskObjectType: "system",
		RiskObjectField: "dest", RiskScore: 5, RiskMessage: "m", ThreatObject: []string{"x.exe"},
		ThreatObjectType: []string{"process"}, AnalyticStories: []string{"Story A"}, MitreAttack: []string{"T1003"}}
	if len(es) != 1 || !reflect.DeepEqual(es[0], want) {
		t.Fatalf("got %+v\nwant %+v", es, want)
	}
}

func TestCheckRiskEvents(t *testing.T) {
	user := content.RiskObject{Field: "user", Type: "user", Score: 63}
	dest := content.RiskObject{Field: "dest", Type: "system", Score: 40}
	cases := []struct {
		name string
		objs []content.RiskObject
		msg  string
		rows []event.Row
		want []string // substrings of the problems, in order; nil: none
	}{
		{"all good", []content.RiskObject{user, dest}, "$user$ on $dest$",
			[]event.Row{row("user", "alice", "dest", "ws1")}, nil},
		{"declared risk object never appears", []content.RiskObject{user, dest}, "$dest$",
			[]event.Row{row("dest", "ws1")}, []string{"risk object user (user) never appears"}},
		{"score differs", []content.RiskObject{dest}, "$dest$",
			[]event.Row{row("dest", "ws1", "risk_score", "10")}, []string{"risk object dest scores 10, declared 40 in 1 of 1"}},
		{"type differs", []content.RiskObject{dest}, "$dest$",
			[]event.Row{row("dest", "ws1", "risk_object_type", "user")}, []string{`risk object dest has type "user", declared "system"`}},
		{"token kept", []content.RiskObject{dest}, "$dest$ via $process$",
			[]event.Row{row("dest", "ws1"), row("dest", "ws2")}, []string{"risk message keeps $process$ (no field process in the result) in 2 of 2 result(s)"}},
		{"token renders empty", []content.RiskObject{dest}, "$dest$ via $process$",
			[]event.Row{row("dest", "ws1", "process", " ")}, []string{"risk message renders $process$ empty in 1 of 1"}},
		{"a lone dollar is not a token", []content.RiskObject{dest}, "cost $5 on $dest$",
			[]event.Row{row("dest", "ws1")}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := riskDetection("TTP", c.objs, nil, c.msg)
			got := checkRiskEvents(d, c.rows, buildRiskEvents(d, c.rows))
			if len(got) != len(c.want) {
				t.Fatalf("got %q, want %d problem(s) %q", got, len(c.want), c.want)
			}
			for i := range got {
				if !strings.Contains(got[i], c.want[i]) {
					t.Errorf("problem %d: %q lacks %q", i, got[i], c.want[i])
				}
			}
		})
	}
}

func TestIntegrateVerdicts(t *testing.T) {
	d := riskDetection("TTP", []content.RiskObject{{Field: "dest", Type: "system", Score: 40}}, nil, "$dest$ via $process$")
	rows := []event.Row{row("dest", "ws1")}
	t.Run("a detection test fails", func(t *testing.T) {
		res := TestResult{Status: Pass, Message: "1 result(s)"}
		integrate(Job{Detection: d, Expect: Expectation{Fires: true}}, rows, &res)
		if res.Status != Fail || !strings.HasPrefix(res.Message, "integration: risk message keeps $process$") {
			t.Fatalf("got %s %q", res.Status, res.Message)
		}
		if res.Notable == nil || res.Notable.Events != 1 || res.Notable.SearchName != "ESCU - Demo Rule - Rule" {
			t.Errorf("TTP notable: %+v", res.Notable)
		}
	})
	t.Run("a manifest case is judged by unit rules and warned", func(t *testing.T) {
		res := TestResult{Status: Pass, Message: "1 result(s)"}
		integrate(Job{CaseID: "c", Detection: d, Expect: Expectation{Fires: true}}, rows, &res)
		if res.Status != Pass || !strings.Contains(res.Message, "integration warning: risk message keeps $process$") || len(res.Integration) != 1 {
			t.Fatalf("got %s %q %q", res.Status, res.Message, res.Integration)
		}
	})
	t.Run("an Anomaly has no notable", func(t *testing.T) {
		a := riskDetection("Anomaly", d.Risk.RiskObjects, nil, "$dest$")
		res := TestResult{Status: Pass}
		integrate(Job{Detection: a, Expect: Expectation{Fires: true}}, rows, &res)
		if res.Status != Pass || res.Notable != nil || res.RiskEventCount != 1 {
			t.Fatalf("got %+v", res)
		}
	})
	t.Run("a failed unit verdict is left alone", func(t *testing.T) {
		res := TestResult{Status: Fail, Message: "no result"}
		integrate(Job{Detection: d, Expect: Expectation{Fires: true}}, rows, &res)
		if res.Message != "no result" || res.RiskEvents != nil {
			t.Fatalf("got %+v", res)
		}
	})
}

// sharedCases is ../shared/cases beside the repository root.
func sharedCases(t *testing.T) string { return testenv.SharedDir(t, "cases") }

func runCases(t *testing.T, manifest string, ids ...string) map[string]TestResult {
	m, err := content.LoadManifest(filepath.Join(sharedCases(t), manifest))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var jobs []Job
	for _, j := range PlanManifest(m, NewContentLoader()) {
		if want[j.CaseID] {
			jobs = append(jobs, j)
		}
	}
	opts, err := DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]TestResult{}
	for _, r := range Run(context.Background(), jobs, opts).Results {
		out[r.CaseID] = r
	}
	return out
}

func TestRealCasesRiskEvents(t *testing.T) {
	rs := runCases(t, "real-detections.yml", "certutil-exportpfx-sysmon-xml", "remote-image-load-sysmon-evtx")

	t.Run("certutil: user and dest per row, score 70×90/100 = 63, a notable per row", func(t *testing.T) {
		r := rs["certutil-exportpfx-sysmon-xml"]
		if r.Status != Pass || r.ResultCount != 11 {
			t.Fatalf("%s %q", r.Status, r.Message)
		}
		// tags vintage: confidence 70, impact 90; observables user (User,
		// Victim) and dest (Hostname, Victim) are the risk objects.
		if r.RiskEventCount != 22 || len(r.RiskEvents) != 22 {
			t.Fatalf("%d risk events, want 11 rows × 2 objects", r.RiskEventCount)
		}
		perType := map[string]int{}
		for _, e := range r.RiskEvents {
			perType[e.RiskObjectField+"/"+e.RiskObjectType]++
			if e.RiskScore != 63 || e.SearchName != "ESCU - Certutil exe certificate extraction - Rule" || len(e.AnalyticStories) != 4 {
				t.Errorf("event %+v", e)
			}
			if strings.Contains(e.RiskMessage, "$") || !strings.HasPrefix(e.RiskMessage, "An instance of cmd.exe spawning certutil.exe was identified on endpoint win-dc-791937.attackrange.local by user ") {
				t.Errorf("message %q", e.RiskMessage)
			}
			if strings.Join(e.ThreatObjectType, ",") != "process,process" {
				t.Errorf("threat objects %q %q", e.ThreatObject, e.ThreatObjectType)
			}
		}
		if perType["user/user"] != 11 || perType["dest/system"] != 11 {
			t.Errorf("per object: %v", perType)
		}
		// The raw file's 20 Sysmon events all run as ATTACKRANGE\Administrator.
		for _, e := range r.RiskEvents {
			if e.RiskObjectField == "user" && e.RiskObject != `ATTACKRANGE\Administrator` {
				t.Errorf("user risk object %q", e.RiskObject)
			}
		}
		if r.Notable == nil || r.Notable.Events != 11 || r.Notable.SecurityDomain != "endpoint" {
			t.Errorf("notable %+v", r.Notable)
		}
	})

	t.Run("remote image load: $process$ is not a result field, so the message keeps it", func(t *testing.T) {
		r := rs["remote-image-load-sysmon-evtx"]
		// A manifest case is judged by the unit rules; the integration
		// finding rides along as a warning.
		if r.Status != Pass || r.Notable != nil || r.RiskEventCount != 1 {
			t.Fatalf("%s %q notable=%v events=%d", r.Status, r.Message, r.Notable, r.RiskEventCount)
		}
		e := r.RiskEvents[0]
		if e.RiskObject != "02694w-win10.threebeesco.com" || e.RiskObjectType != "system" || e.RiskScore != 20 {
			t.Errorf("event %+v", e)
		}
		if e.RiskMessage != "Potential Remote Image Load activity observed on 02694w-win10.threebeesco.com via $process$." {
			t.Errorf("message %q", e.RiskMessage)
		}
		if len(r.Integration) != 1 || !strings.Contains(r.Message, "integration warning: risk message keeps $process$") {
			t.Errorf("integration %q, message %q", r.Integration, r.Message)
		}
	})
}

// FuzzRenderMessage: when every token's field holds a non-empty value,
// the message checks report a problem exactly when a token of the message
// is left in the rendering.
func FuzzRenderMessage(f *testing.F) {
	f.Add("An instance of $parent_process_name$ spawning $process_name$ on $dest$", "cmd.exe")
	f.Add("$a$$b$ $ $c", "x")
	f.Add("cost $5 and $user$", "alice")
	f.Fuzz(func(t *testing.T, msg, value string) {
		if strings.TrimSpace(value) == "" || strings.Contains(value, "$") {
			return
		}
		r := event.Row{}
		for _, tok := range tokenPattern.FindAllString(msg, -1) {
			r[tok[1:len(tok)-1]] = event.Value{value}
		}
		out := renderMessage(msg, r)
		kept := false
		for _, tok := range tokenPattern.FindAllString(msg, -1) {
			kept = kept || strings.Contains(out, tok)
		}
		if problems := messageProblems(msg, []event.Row{r}); kept != (len(problems) > 0) {
			t.Fatalf("%q rendered %q: token kept %v, problems %v", msg, out, kept, problems)
		}
	})
}
