package ingest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// Okta System Log events (sourcetype OktaIM2:log) written for these tests
// in the shape Okta's System Log API documents (LogEvent: actor, client,
// authenticationContext, displayMessage, eventType, outcome, published,
// severity, debugContext, transaction, request.ipChain, target[]), with
// the keys in the API's order - the add-on's target transforms expect
// id, type, alternateId, displayName, detailEntry inside each target -
// and Python's ", " / ": " separators, as the add-on writes them. No
// attack_data dataset holds Okta events, so these are the only Okta data
// the tests see.

// oktaActor is a LogEvent actor or target entry.
type oktaActor struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	AlternateID string `json:"alternateId"`
	DisplayName string `json:"displayName"`
	DetailEntry any    `json:"detailEntry"`
}

// oktaEv describes one event; zero values get the defaults of oktaJSON.
type oktaEv struct {
	eventType, displayMessage, result, reason, severity string
	actor                                               oktaActor
	targets                                             []oktaActor
	ip, city, country, browser, os, userAgent           string
	noClientIP                                          bool     // client.ipAddress null
	ipChain                                             []string // request.ipChain{}.ip; default the client IP
	debug                                               map[string]any
	legacy                                              string
	session                                             string
	at                                                  time.Time
}

var (
	oktaMara  = oktaActor{"00u8k2lqz7ReX1y0p5d7", "User", "mara.ilic@corp.example", "Mara Ilic", nil}
	oktaAdmin = oktaActor{"00uadm1n0000000001", "User", "it.admin@corp.example", "IT Admin", nil}
	oktaT0    = time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC)
)

const oktaChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"

// oktaJSON renders e as one System Log event line.
func oktaJSON(t testing.TB, e oktaEv) string {
	t.Helper()
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&e.result, "SUCCESS")
	def(&e.severity, "INFO")
	def(&e.ip, "203.0.113.45")
	def(&e.city, "Porto")
	def(&e.country, "Portugal")
	def(&e.browser, "CHROME")
	def(&e.os, "Windows 10")
	def(&e.userAgent, oktaChrome)
	def(&e.session, "idxQ3mVb7")
	if e.actor.ID == "" {
		e.actor = oktaMara
	}
	if e.at.IsZero() {
		e.at = oktaT0
	}
	if e.ipChain == nil {
		e.ipChain = []string{e.ip}
	}
	if e.noClientIP {
		e.ip = ""
	}
	if e.targets == nil {
		e.targets = []oktaActor{}
	}
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	geo := map[string]any{"city": e.city, "state": e.city, "country": e.country}
	var chain []any
	for _, ip := range e.ipChain {
		chain = append(chain, map[string]any{"ip": ip, "geographicalContext": geo, "version": "V4", "source": nil})
	}
	type userAgent struct {
		Raw     string `json:"rawUserAgent"`
		OS      string `json:"os"`
		Browser string `json:"browser"`
	}
	type client struct {
		UserAgent userAgent      `json:"userAgent"`
		Zone      string         `json:"zone"`
		Device    string         `json:"device"`
		ID        any            `json:"id"`
		IPAddress any            `json:"ipAddress"`
		Geo       map[string]any `json:"geographicalContext"`
	}
	type outcome struct {
		Result string `json:"result"`
		Reason any    `json:"reason"`
	}
	type transaction struct {
		Type   string         `json:"type"`
		ID     string         `json:"id"`
		Detail map[string]any `json:"detail"`
	}
	type kv struct {
		k string
		v any
	}
	// The API's key order, kept by writing the object by hand.
	fields := []kv{
		{"actor", e.actor},
		{"client", client{userAgent{e.userAgent, e.os, e.browser}, "null", "Computer", nil, null(e.ip), geo}},
		{"device", nil},
		{"authenticationContext", map[string]any{"authenticationProvider": nil, "credentialProvider": nil, "credentialType": nil,
			"issuer": nil, "interface": nil, "authenticationStep": 0, "externalSessionId": e.session}},
		{"displayMessage", null(e.displayMessage)},
		{"eventType", e.eventType},
		{"outcome", outcome{e.result, null(e.reason)}},
		{"published", e.at.Format("2006-01-02T15:04:05.000Z")},
		{"securityContext", map[string]any{"asNumber": 64500, "asOrg": "example transit", "isp": "example transit", "domain": "example.net", "isProxy": false}},
		{"severity", e.severity},
		{"debugContext", map[string]any{"debugData": e.debug}},
		{"legacyEventType", null(e.legacy)},
		{"transaction", transaction{"WEB", "Zec4Qp2x", map[string]any{}}},
		{"uuid", fmt.Sprintf("6a1f0e52-daf3-11ee-9c41-%012x", e.at.UnixNano()/1e6)},
		{"version", "0"},
		{"request", map[string]any{"ipChain": chain}},
		{"target", e.targets},
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		var v bytes.Buffer
		enc := json.NewEncoder(&v)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(f.v); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%q:%s", f.k, bytes.TrimSpace(v.Bytes()))
	}
	b.WriteByte('}')
	return string(spacedJSON(b.Bytes()))
}

// oktaRow reads one event through the built-in add-ons.
func oktaRow(t *testing.T, e oktaEv) map[string]string {
	t.Helper()
	a, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	rows, problems, err := a.ReadExample(oktaJSON(t, e)+"\n", ingest.Meta{Source: "Okta", Sourcetype: "OktaIM2:log", Host: "corp.okta.example"})
	if err != nil || len(problems) > 0 || len(rows) != 1 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	out := map[string]string{}
	for _, n := range rows[0].Names() {
		out[n] = strings.Join(rows[0].Get(n), "|")
	}
	return out
}

// The events of the field table, by name.
var oktaEvents = map[string]oktaEv{
	"mfa-failed": {eventType: "user.authentication.auth_via_mfa", displayMessage: "Authentication of user via MFA",
		result: "FAILURE", reason: "INVALID_CREDENTIALS", legacy: "core.user.factor.attempt_fail",
		debug:   map[string]any{"factor": "OKTA_VERIFY_PUSH"},
		targets: []oktaActor{{"aut3k1v0y", "AuthenticatorEnrollment", "unknown", "Okta Verify", map[string]any{"methodTypeUsed": "Push"}}}},
	"mfa-deactivated": {eventType: "user.mfa.factor.deactivate", displayMessage: "Reset factor for user",
		reason: "User reset FIDO_WEBAUTHN factor", actor: oktaAdmin, ip: "198.51.100.7",
		targets: []oktaActor{oktaMara}},
	"locked-out": {eventType: "user.account.lock", displayMessage: "Max sign in attempts exceeded",
		result: "FAILURE", reason: "LOCKED_OUT", severity: "WARN", ip: "192.0.2.99"},
	"api-token": {eventType: "system.api_token.create", displayMessage: "Create API token", actor: oktaAdmin,
		targets: []oktaActor{{"00Tq1w2e3r4t5y6u7i8", "Token", "unknown", "automation-sync", nil}}},
	"device-enrolled": {eventType: "device.enrollment.create", displayMessage: "Device Enrollment Created",
		ipChain: []string{"203.0.113.45", "10.20.0.4"},
		targets: []oktaActor{{"guo9d2e1f0", "Device", "unknown", "iPhone 15", nil}}},
	"sso-app": {eventType: "user.authentication.sso", displayMessage: "User single sign on to app",
		targets: []oktaActor{{"0oa5m3wiki", "AppInstance", "corp_wiki", "Corp Wiki", nil}, oktaMara}},
	"sign-on-challenge": {eventType: "policy.evaluate_sign_on", displayMessage: "Evaluation of sign-on policy", result: "CHALLENGE"},
	"threat": {eventType: "security.threat.detected", displayMessage: "Request from suspicious actor",
		result: "DENY", reason: "Password Spray", severity: "WARN", ip: "192.0.2.200",
		actor: oktaActor{"unknown", "User", "unknown", "unknown", nil}},
	"threat-config": {eventType: "security.threat.configuration.update", displayMessage: "ThreatInsight configuration updated", actor: oktaAdmin},
	"session-end":   {eventType: "user.session.end", displayMessage: "User logout from Okta"},
}

// Values of Splunk_TA_okta_identity_cloud 3.0.0's [OktaIM2:log] settings
// on the events above, each with the setting that gives it ("" means no
// field).
func TestOktaIM2LogFields(t *testing.T) {
	cases := []struct{ event, field, want, why string }{
		// Authentication: user.authentication.auth_via_mfa failed.
		{"mfa-failed", "_time", "1709647200", `TIME_PREFIX "published":\s*" + TIME_FORMAT %Y-%m-%dT%H:%M:%S.%3N%Z`},
		{"mfa-failed", "action", "failure", "EVAL-action: lower('outcome.result') for the authentication eventTypes"},
		{"mfa-failed", "signature", "user.authentication.auth_via_mfa", "FIELDALIAS-signature: eventType"},
		{"mfa-failed", "command", "user.authentication.auth_via_mfa", "FIELDALIAS-command: eventType"},
		{"mfa-failed", "app", "Okta Identity Cloud", "EVAL-app: no AppInstance target, actor is a User"},
		{"mfa-failed", "authentication_method", "MFA", "EVAL-authentication_method"},
		{"mfa-failed", "authentication_service", "Okta", "EVAL-authentication_service: true() branch"},
		{"mfa-failed", "user", "mara.ilic@corp.example", "EVAL-user: true() branch, actor.alternateId"},
		{"mfa-failed", "user_id", "00u8k2lqz7ReX1y0p5d7", "EVAL-user_id: actor.id for authentication eventTypes"},
		{"mfa-failed", "src", "203.0.113.45", "EVAL-src: client.ipAddress (eventType not in its ipChain list)"},
		{"mfa-failed", "src_ip", "203.0.113.45", "FIELDALIAS-client_ipAddress_as_src_ip"},
		{"mfa-failed", "src_user", "mara.ilic@corp.example", "FIELDALIAS-src_user: actor.alternateId"},
		{"mfa-failed", "src_user_type", "User", "FIELDALIAS-src_user_type: actor.type"},
		{"mfa-failed", "dest", "corp.okta.example", "FIELDALIAS-host_as_dest"},
		{"mfa-failed", "dvc", "corp.okta.example", "FIELDALIAS-dvc"},
		{"mfa-failed", "reason", "INVALID_CREDENTIALS", "EVAL-reason: outcome.reason first"},
		{"mfa-failed", "result", "Authentication of user via MFA", "EVAL-result: displayMessage, not outcome.result"},
		{"mfa-failed", "status", "failure", "EVAL-status: lower('outcome.result')"},
		{"mfa-failed", "user_agent", oktaChrome, "EVAL-user_agent: client.userAgent.rawUserAgent"},
		{"mfa-failed", "severity", "informational", "EVAL-severity: INFO"},
		{"mfa-failed", "id", "Zec4Qp2x", "FIELDALIAS-alert_id: transaction.id"},
		{"mfa-failed", "transaction_data", `"type": "WEB", "id": "Zec4Qp2x", "detail": {}`, "transforms okta_extract_transaction_data: lazy up to the first },"},
		{"mfa-failed", "eventtype", "okta_identity_cloud_authentication", "eventtypes.conf"},
		{"mfa-failed", "tag", "authentication", "tags.conf [eventtype=okta_identity_cloud_authentication]"},
		{"mfa-failed", "change_type", "", "okta2_eventtype_lookup has no auth_via_mfa row"},
		{"mfa-failed", "vendor_product", "Okta Identity Cloud", "EVAL-vendor_product"},

		// Change, account management: an admin removes a user's factor.
		{"mfa-deactivated", "action", "modified", `EVAL-action: "modified" list`},
		{"mfa-deactivated", "user", "mara.ilic@corp.example", "EVAL-user: targetUserAlternateId (the User target), not the admin"},
		{"mfa-deactivated", "user_name", "Mara Ilic", "EVAL-user_name: targetUserDisplayName"},
		{"mfa-deactivated", "user_type", "User", `EVAL-user_type: "User" list`},
		{"mfa-deactivated", "src_user", "it.admin@corp.example", "FIELDALIAS-src_user: the actor"},
		{"mfa-deactivated", "targetUserId", "00u8k2lqz7ReX1y0p5d7", "transforms okta_target_data_user_attributes_transform on target_data"},
		{"mfa-deactivated", "object", "mara.ilic@corp.example", "EVAL-object: targetUserAlternateId"},
		{"mfa-deactivated", "object_id", "00u8k2lqz7ReX1y0p5d7", "EVAL-object_id: targetUserId"},
		{"mfa-deactivated", "object_category", "User", "LOOKUP-event_type_lookup OUTPUTNEW (EVAL-object_category gives none)"},
		{"mfa-deactivated", "change_type", "filesystem", "LOOKUP-event_type_lookup"},
		{"mfa-deactivated", "object_attrs", `{"id": "00u8k2lqz7ReX1y0p5d7", "type": "User", "alternateId": "mara.ilic@corp.example", "displayName": "Mara Ilic", "detailEntry": null}`,
			"EVAL-object_attrs: target_user_attr; the lookup's \"MFA Factor\" is OUTPUTNEW, so it does not replace it"},
		{"mfa-deactivated", "result", "Reset factor for user", "EVAL-result: displayMessage"},
		{"mfa-deactivated", "vendor_account", "it.admin@corp.example", "EVAL-vendor_account: actor.alternateId"},
		{"mfa-deactivated", "tag", "account|change", "eventtype okta_identity_cloud_change_account_management"},

		// Change: lockout.
		{"locked-out", "action", "lockout", "EVAL-action: user.account.lock"},
		{"locked-out", "change_type", "AAA", "LOOKUP-event_type_lookup"},
		{"locked-out", "object_category", "User", "LOOKUP-event_type_lookup"},
		{"locked-out", "object", "mara.ilic@corp.example", "EVAL-object: actor.alternateId for user.account.lock"},
		{"locked-out", "result", "LOCKED_OUT", "EVAL-result: outcome.reason for a FAILURE user.account.lock"},
		{"locked-out", "severity", "medium", "EVAL-severity reads Okta's WARN, not another EVAL's result"},
		{"locked-out", "target_data", "", `transforms okta_extract_target_data: "target": [] has nothing to capture`},
		{"locked-out", "object_attrs", "", "EVAL-object_attrs: no target_data_first_occurrence; the lookup's cell is empty"},

		// Change: API token.
		{"api-token", "action", "created", `EVAL-action: "created" list`},
		{"api-token", "object_category", "Token", "LOOKUP-event_type_lookup"},
		{"api-token", "user", "it.admin@corp.example", "EVAL-user: actor.alternateId"},
		{"api-token", "object", "automation-sync", "EVAL-object: first target{}.displayName"},
		{"api-token", "reason", "Create API token", `EVAL-reason: outcome.reason is JSON null ("null"), so displayMessage`},
		{"api-token", "tag", "change", "eventtype okta_identity_cloud_change_all_changes"},

		// Change: device enrolment, src from the IP chain.
		{"device-enrolled", "src", "203.0.113.45|10.20.0.4", "EVAL-src: request.ipChain{}.ip for device.enrollment.create (runs after FIELDALIAS src)"},
		{"device-enrolled", "src_ip", "203.0.113.45", "FIELDALIAS-client_ipAddress_as_src_ip"},
		{"device-enrolled", "object_category", "UDDevice", "LOOKUP-event_type_lookup"},
		{"device-enrolled", "eventtype", "okta_device_enrollment_create|okta_identity_cloud_change_all_changes", "eventtypes.conf, both match"},

		// SSO into an app: the AppInstance target names the app.
		{"sso-app", "app", "Corp Wiki", "EVAL-app: targetAppDisplayName (okta_target_data_app_instance_attributes_transform)"},
		{"sso-app", "targetAppAlternateId", "corp_wiki", "okta_target_data_app_instance_attributes_transform"},
		{"sso-app", "targetUserAlternateId", "mara.ilic@corp.example", "okta_target_data_user_attributes_transform on the second target"},
		{"sso-app", "authentication_method", "SSO", "EVAL-authentication_method"},
		{"sso-app", "action", "success", "EVAL-action: lower('outcome.result')"},

		// policy.evaluate_sign_on has its own action values.
		{"sign-on-challenge", "action", "pending", "EVAL-action: policy.evaluate_sign_on CHALLENGE"},

		// ThreatInsight.
		{"threat", "src", "192.0.2.200", "EVAL-src: request.ipChain{}.ip for security.threat.detected"},
		{"threat", "user", "unknown", "EVAL-user: actor.alternateId (Okta's unknown actor)"},
		{"threat", "severity", "medium", "EVAL-severity: WARN"},
		{"threat", "reason", "Password Spray", "EVAL-reason"},
		{"threat", "eventtype", "", "security.threat.detected is in no eventtype of this add-on version"},
		{"threat-config", "change_type", "AAA", "LOOKUP-event_type_lookup"},
		{"threat-config", "object_category", "", "LOOKUP-event_type_lookup: the row's cell is empty, so no value"},

		// Logoff.
		{"session-end", "action", "logoff", "EVAL-action: user.session.end"},
		{"session-end", "object_attrs", "login session", "EVAL-object_attrs: no target, so the literal"},
		{"session-end", "tag", "account|change", "eventtype okta_identity_cloud_change_account_management"},
	}
	rows := map[string]map[string]string{}
	for _, c := range cases {
		r, ok := rows[c.event]
		if !ok {
			r = oktaRow(t, oktaEvents[c.event])
			rows[c.event] = r
		}
		if got := r[c.field]; got != c.want {
			t.Errorf("%s: %s = %q, want %q (%s)", c.event, c.field, got, c.want, c.why)
		}
	}
}

// An event whose client has no IP: FIELDALIAS-client_ipAddress_as_src
// gives src the text "null", and EVAL-src, a calculated field run after
// the aliases, evaluates to null for this eventType and so removes it.
func TestOktaNullClientIPHasNoSrc(t *testing.T) {
	r := oktaRow(t, oktaEv{eventType: "user.session.start", displayMessage: "User login to Okta", result: "FAILURE", reason: "VERIFICATION_ERROR", noClientIP: true})
	for field, want := range map[string]string{"src": "", "src_ip": "null", "action": "failure", "client.ipAddress": "null"} {
		if got := r[field]; got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
}

// oktaFile writes events as one JSON line each.
func oktaFile(t *testing.T, dir, name string, evs []oktaEv) string {
	t.Helper()
	var sb strings.Builder
	for _, e := range evs {
		sb.WriteString(oktaJSON(t, e))
		sb.WriteByte('\n')
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// oktaManifest is a one-case manifest replaying data as the Okta add-on's
// events (host: the Okta org, which the add-on aliases to dest).
func oktaManifest(t *testing.T, dir, id, sc, detection, data string, fires bool) string {
	t.Helper()
	return writeManifestHost(t, dir, id, sc, detection, map[string]any{"path": data, "source": "Okta", "sourcetype": "OktaIM2:log", "host": "corp.okta.example"}, fires)
}

// oktaRepeat returns n copies of e, each a user of its own (user01@...) when
// perUser, seconds apart from e.at.
func oktaRepeat(e oktaEv, n int, perUser bool) []oktaEv {
	var out []oktaEv
	for i := 0; i < n; i++ {
		c := e
		if c.at.IsZero() {
			c.at = oktaT0
		}
		c.at = c.at.Add(time.Duration(i) * 7 * time.Second)
		if perUser {
			c.actor = oktaActor{fmt.Sprintf("00uspray%04d", i), "User", fmt.Sprintf("user%02d@corp.example", i), fmt.Sprintf("User %02d", i), nil}
		}
		out = append(out, c)
	}
	return out
}

// security_content's Okta detections on the events above, through the
// runner: the add-on's fields and tags decide what each search (raw
// `okta` searches and tstats over Authentication and Change) sees.
func TestOktaDetectionsEndToEnd(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	ev := oktaEvents
	with := func(e oktaEv, f func(*oktaEv)) oktaEv { f(&e); return e }
	sessionFail := oktaEv{eventType: "user.session.start", displayMessage: "User login to Okta", result: "FAILURE", reason: "INVALID_CREDENTIALS", ip: "192.0.2.99"}
	mfaFail := with(ev["mfa-failed"], func(e *oktaEv) { e.actor = oktaMara })
	push := oktaEv{eventType: "system.push.send_factor_verify_push", displayMessage: "A push notification was sent to the user's Okta Verify app"}
	pushDenied := with(ev["mfa-failed"], func(e *oktaEv) { e.at = oktaT0.Add(time.Minute) })
	verify := oktaEv{eventType: "user.authentication.verify", displayMessage: "Verify user identity",
		targets: []oktaActor{{"lae1password", "AuthenticatorEnrollment", "unknown", "Password", nil}}}
	cookie := func(ip, browser, os string, at time.Time) oktaEv {
		return oktaEv{eventType: "policy.evaluate_sign_on", displayMessage: "Evaluation of sign-on policy", result: "ALLOW", reason: "Sign-on policy evaluation resulted in ALLOW",
			ip: ip, browser: browser, os: os, at: at, debug: map[string]any{"dtHash": "b5d2c7e1f0a9"}}
	}
	// appChallenges: sign-on policy challenges for three apps in one
	// session, and, when signedIn, an SSO into each.
	appChallenges := func(signedIn bool) []oktaEv {
		var out []oktaEv
		for i, app := range []string{"Corp Wiki", "Payroll", "Source Control"} {
			target := []oktaActor{{fmt.Sprintf("0oaapp%d", i), "AppInstance", fmt.Sprintf("app_%d", i), app, nil},
				{fmt.Sprintf("rul%d", i), "Rule", "unknown", "Require MFA", nil}}
			at := oktaT0.Add(time.Duration(i) * time.Minute)
			out = append(out, oktaEv{eventType: "policy.evaluate_sign_on", displayMessage: "Evaluation of sign-on policy", result: "CHALLENGE",
				reason: "Sign-on policy evaluation resulted in CHALLENGE", targets: target, at: at, session: "102sessApps"})
			if signedIn {
				out = append(out, oktaEv{eventType: "user.authentication.sso", displayMessage: "User single sign on to app",
					targets: target, at: at.Add(20 * time.Second), session: "102sessApps"})
			}
		}
		return out
	}
	cases := []struct {
		id, detection string
		events        []oktaEv
		fires         bool
		want          map[string]string // first result row
	}{
		// tstats over Change: the account-management eventtype tags
		// change; object_category User from the eventType lookup, action
		// modified, user the User target.
		{"mfa-disabled-fires", "detections/application/okta_multi_factor_authentication_disabled.yml", []oktaEv{ev["mfa-deactivated"]}, true,
			map[string]string{"user": "mara.ilic@corp.example", "command": "user.mfa.factor.deactivate", "src": "198.51.100.7", "result": "Reset factor for user"}},
		{"mfa-enabled-silent", "detections/application/okta_multi_factor_authentication_disabled.yml",
			[]oktaEv{with(ev["mfa-deactivated"], func(e *oktaEv) { e.eventType = "user.mfa.factor.activate" })}, false, nil},
		// count > 5 lockouts in a 5 minute bucket.
		{"six-lockouts-fire", "detections/application/okta_multiple_accounts_locked_out.yml", oktaRepeat(ev["locked-out"], 6, true), true,
			map[string]string{"count": "6", "command": "user.account.lock", "result": "LOCKED_OUT", "src": "192.0.2.99"}},
		{"five-lockouts-silent", "detections/application/okta_multiple_accounts_locked_out.yml", oktaRepeat(ev["locked-out"], 5, true), false, nil},
		{"api-token-fires", "detections/application/okta_new_api_token_created.yml", []oktaEv{ev["api-token"]}, true,
			map[string]string{"user": "it.admin@corp.example", "action": "created", "object_category": "Token"}},
		{"api-token-revoked-silent", "detections/application/okta_new_api_token_created.yml",
			[]oktaEv{with(ev["api-token"], func(e *oktaEv) { e.eventType = "system.api_token.revoke" })}, false, nil},
		{"device-enrolled-fires", "detections/application/okta_new_device_enrolled_on_account.yml", []oktaEv{ev["device-enrolled"]}, true,
			map[string]string{"user": "mara.ilic@corp.example", "object_category": "UDDevice", "action": "created"}},
		{"device-deleted-silent", "detections/application/okta_new_device_enrolled_on_account.yml",
			[]oktaEv{with(ev["device-enrolled"], func(e *oktaEv) { e.eventType = "device.lifecycle.delete" })}, false, nil},
		// tstats over Authentication: unique_accounts > 9 from one src.
		{"ten-users-one-ip-fire", "detections/application/okta_multiple_users_failing_to_authenticate_from_ip.yml", oktaRepeat(sessionFail, 10, true), true,
			map[string]string{"src": "192.0.2.99", "unique_accounts": "10", "signature": "user.session.start"}},
		{"nine-users-one-ip-silent", "detections/application/okta_multiple_users_failing_to_authenticate_from_ip.yml", oktaRepeat(sessionFail, 9, true), false, nil},
		// Raw searches over the JSON fields and the add-on's src_user.
		{"ten-mfa-failures-fire", "detections/application/okta_multiple_failed_mfa_requests_for_user.yml", oktaRepeat(mfaFail, 10, false), true,
			map[string]string{"src_user": "mara.ilic@corp.example", "count": "10", "src_ip": "203.0.113.45"}},
		{"nine-mfa-failures-silent", "detections/application/okta_multiple_failed_mfa_requests_for_user.yml", oktaRepeat(mfaFail, 9, false), false, nil},
		{"password-only-verify-fires", "detections/application/okta_successful_single_factor_authentication.yml", []oktaEv{verify}, true,
			map[string]string{"src_ip": "203.0.113.45", "user": "mara.ilic@corp.example", "action": "success", "targets": "Password"}},
		{"okta-verify-silent", "detections/application/okta_successful_single_factor_authentication.yml",
			[]oktaEv{with(verify, func(e *oktaEv) {
				e.targets = []oktaActor{{"lae1verify", "AuthenticatorEnrollment", "unknown", "Okta Verify", nil}}
			})}, false, nil},
		{"idp-created-fires", "detections/application/okta_idp_lifecycle_modifications.yml",
			[]oktaEv{{eventType: "system.idp.lifecycle.create", displayMessage: "Create Identity Provider", actor: oktaAdmin, ip: "198.51.100.7",
				targets: []oktaActor{{"0oa7idp0001", "IdentityProvider", "unknown", "Shadow SAML IdP", nil}}}}, true,
			map[string]string{"user": "it.admin@corp.example", "dest": "corp.okta.example", "command": "system.idp.lifecycle.create", "target_modified": "IdentityProvider"}},
		{"threatinsight-fires", "detections/application/okta_threatinsight_threat_detected.yml", []oktaEv{ev["threat"]}, true,
			map[string]string{"signature": "security.threat.detected", "severity": "medium", "src_ip": "192.0.2.200", "app": "Okta Identity Cloud"}},
		{"suspicious-activity-report-fires", "detections/application/okta_suspicious_activity_reported.yml",
			[]oktaEv{{eventType: "user.account.report_suspicious_activity_by_enduser", displayMessage: "User report suspicious activity", severity: "WARN"}}, true,
			map[string]string{"user": "mara.ilic@corp.example", "client.userAgent.browser": "CHROME", "client.geographicalContext.city": "Porto"}},
		// pushes > 1 for one user: three pushes and one denial.
		{"push-fatigue-fires", "detections/application/okta_mfa_exhaustion_hunt.yml",
			append(oktaRepeat(push, 3, false), pushDenied), true,
			map[string]string{"user": "mara.ilic@corp.example", "pushes": "3", "failures": "1"}},
		{"one-push-silent", "detections/application/okta_mfa_exhaustion_hunt.yml", []oktaEv{push}, false, nil},
		// One session (dtHash) from two IPs with two browsers.
		{"cookie-reuse-fires", "detections/application/okta_suspicious_use_of_a_session_cookie.yml",
			[]oktaEv{cookie("203.0.113.45", "CHROME", "Windows 10", oktaT0), cookie("192.0.2.150", "FIREFOX", "Linux", oktaT0.Add(10*time.Minute))}, true,
			map[string]string{"user": "mara.ilic@corp.example", "dc_src_ip": "2", "debugContext.debugData.dtHash": "b5d2c7e1f0a9"}},
		{"cookie-same-browser-silent", "detections/application/okta_suspicious_use_of_a_session_cookie.yml",
			[]oktaEv{cookie("203.0.113.45", "CHROME", "Windows 10", oktaT0), cookie("192.0.2.150", "CHROME", "Windows 10", oktaT0.Add(10*time.Minute))}, false, nil},
		// Three apps challenged in one session, none signed into.
		{"app-challenges-fire", "detections/application/okta_multiple_failed_requests_to_access_applications.yml", appChallenges(false), true,
			map[string]string{"actor.alternateId": "mara.ilic@corp.example", "total_challenges": "3", "total_successes": "0", "ratio": "0"}},
		{"app-challenges-then-sso-silent", "detections/application/okta_multiple_failed_requests_to_access_applications.yml", appChallenges(true), false, nil},
		// The detection asks for result="FAILURE", but the add-on's
		// EVAL-result is the displayMessage (Okta has no result field of
		// its own), so the FastPass phishing denial it looks for gives no
		// result with this add-on version.
		{"fastpass-phishing-silent-result-is-displaymessage", "detections/application/okta_phishing_detection_with_fastpass_origin_check.yml",
			[]oktaEv{with(ev["mfa-failed"], func(e *oktaEv) { e.reason = "FastPass declined phishing attempt" })}, false, nil},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			data := oktaFile(t, dir, c.id+".json", c.events)
			res := runCase(t, oktaManifest(t, dir, c.id, sc, c.detection, data, c.fires), false)
			if res.Status != runner.Pass {
				t.Fatalf("%s %q", res.Status, res.Message)
			}
			assertFirstRow(t, res, c.want, "")
		})
	}
}
