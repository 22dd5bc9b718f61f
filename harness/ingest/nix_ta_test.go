package ingest

import (
	"os"
	"regexp"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"
)

// nixRow reads one /var/log/secure line as linux_secure through the
// built-in add-ons (addons/nix.yml and Splunk's pretrained linux_secure).
func nixRow(line string) func(t *testing.T) map[string]string {
	return func(t *testing.T) map[string]string {
		r := applyToRaw(t, line+"\n", Meta{Source: "/var/log/secure", Sourcetype: "linux_secure", Host: "example-host"})
		out := map[string]string{}
		for k := range r {
			out[k] = r.Get(k).String()
		}
		return out
	}
}

type nixWant struct{ field, want, why string }

// Values Splunk_TA_nix 10.1.0's [linux_secure] settings give, each row
// naming the props.conf/transforms.conf rule that decides it ("" means
// the field is absent). Order matters: the REPORT transforms run in the
// order written and, MV_ADD being false, a field keeps the first value.
func TestNixLinuxSecureFields(t *testing.T) {
	exampleFile := func(t *testing.T) map[string]string {
		r := exampleRow(t, "linux_secure.yml")
		out := map[string]string{}
		for k := range r {
			out[k] = r.Get(k).String()
		}
		return out
	}
	cases := []struct {
		name string
		row  func(t *testing.T) map[string]string
		want []nixWant
	}{
		{"security_content example: Accepted password", exampleFile, []nixWant{
			{"action", "started", "sshd-session-login-accepted runs before ssh-login-accepted (action::success discarded, MV_ADD false)"},
			{"signature", "Accepted password", "sshd-session-login-accepted signature::$1"},
			{"user", "mikael", "sshd-session-login-accepted user::$2 (lazy .*? before (\\S+)\\s+from)"},
			{"user_name", "mikael", "FIELDALIAS-user_name = user as user_name"},
			{"src_ip", "84.202.159.161", "sshd-session-login-accepted src_ip::$3"},
			{"src", "84.202.159.161", "ssh-login-accepted src::$3; src_ip_as_src adds nothing (src set)"},
			{"src_port", "63487", "ssh-login-accepted src_port::$4"},
			{"sshd_protocol", "ssh2", "ssh-login-accepted sshd_protocol::$5"},
			{"vendor_action", "Accepted", "ssh-login-accepted vendor_action::$1"},
			{"app", "ssh", "ssh-login-accepted app::\"ssh\"; EVAL-app keeps ssh"},
			{"dest", "ip-172-31-24-46", "REPORT-dest_for_linux_secure = loghost_as_dest (syslog header host)"},
			{"dvc", "ip-172-31-24-46", "FIELDALIAS-dvc = dest as dvc"},
			{"vendor_product", "nix", "EVAL-vendor_product: nix when absent"},
			{"reason", "", "no transform that matches sets reason"},
			{"user_role", "", "EVAL-user_role: not pam_unix"},
			{"dest_dns", "", "EVAL-dest_dns tests process, which no linux_secure rule gives"},
			{"src_user", "", "EVAL-src_user: src_user and src_user_id absent -> null"},
			{"pid", "", "not given by Splunk_TA_nix (see nix.yml header)"},
			{"tag", "", "eventtypes.conf/tags.conf not public: none modelled"},
		}},
		{"sshd pam_unix session opened", nixRow("Jan  3 05:46:01 host sshd[125949]: pam_unix(sshd:session): session opened for user ec2-user(uid=1000) by ec2-user(uid=0)"), []nixWant{
			{"name", "session opened", "ssh-session-close name::$1 (it runs first of the matching ones)"},
			{"action", "started", "sshd-session-pam_unix_authentication_success before linux_secure_pam_unix_...(action::success discarded)"},
			{"signature", "session opened for user", "sshd-session-pam_unix_authentication_success signature::$1"},
			{"user", "ec2-user", "ssh-session-close user::$2"},
			{"user_id", "1000", "sshd-session-pam_unix_authentication_success user_id::$3 (ssh-session-close's by \\(uid= does not match)"},
			{"src_user", "ec2-user", "sshd-session-pam_unix_authentication_success src_user::$4; EVAL-src_user keeps it"},
			{"src_user_id", "0", "sshd-session-pam_unix_authentication_success src_user_id::$5"},
			{"app", "sshd", "linux_secure_pam_unix_authentication_success app::\"$1\""},
			{"authentication_service", "pam_unix", "linux_secure_pam_unix_authentication_success literal"},
			{"user_type", "user", "linux_secure_pam_unix_authentication_success literal"},
			{"user_role", "", "EVAL-user_role: user is not root"},
			{"src", "", "EVAL-src: app is not sudo, src stays absent"},
		}},
		{"sudo session opened for root", nixRow("Jan  3 05:46:01 web01 sudo: pam_unix(sudo:session): session opened for user root(uid=0) by ec2-user(uid=1000)"), []nixWant{
			{"app", "sudo", "linux_secure_pam_unix_authentication_success app::\"$1\""},
			{"action", "success", "linux_secure_pam_unix_authentication_success (the sshd-session one needs sshd[pid])"},
			{"user", "root", "ssh-session-close user::$2"},
			{"user_id", "0", "linux_secure_pam_unix_authentication_success user_id::$4"},
			{"src_user", "ec2-user", "linux_secure_pam_unix_authentication_success src_user::$5"},
			{"src_user_id", "1000", "linux_secure_pam_unix_authentication_success src_user_id::$6"},
			{"user_role", "administator", "EVAL-user_role: pam_unix and root (the add-on's spelling)"},
			{"dest", "web01", "loghost_as_dest"},
			{"src", "web01", "EVAL-src: pam_unix + session opened + sudo -> dest"},
		}},
		{"failed password for invalid user", nixRow("Jan  3 17:21:38 host sshd[1187]: Failed password for invalid user admin from 10.1.2.3 port 1234 ssh2"), []nixWant{
			{"action", "blocked", "sshd-session-login-failed runs first ((?i) failed password)"},
			{"signature", "Failed password", "sshd-session-login-failed signature::$1, the event's own case"},
			{"user", "admin", "sshd-session-login-failed user::$2"},
			{"reason", "invalid user", "ssh-invalid-user reason::$1 (listed before ssh-login-failed)"},
			{"vendor_action", "Failed", "ssh-login-failed vendor_action::$1 (ssh-invalid-user sets none)"},
			{"src", "10.1.2.3", "ssh-invalid-user src::$3"},
			{"src_port", "1234", "ssh-invalid-user src_port::$4"},
			{"app", "ssh", "ssh-invalid-user app::\"ssh\""},
		}},
		{"failed password, known user", nixRow("Nov  5 11:37:47 host sshd[3003]: Failed password for root from 192.0.2.7 port 58356 ssh2"), []nixWant{
			{"action", "blocked", "sshd-session-login-failed"},
			{"vendor_action", "Failed", "ssh-login-failed vendor_action::$1"},
			{"sshd_protocol", "ssh2", "ssh-login-failed sshd_protocol::$5"},
			{"reason", "Failed password", "ssh-login-failed reason::\"Failed password\" (quoted literal, quotes dropped; ssh-invalid-user does not match)"},
			{"app", "ssh", "ssh-login-failed app::\"ssh\""},
		}},
		{"PAM authentication failure over sshd", nixRow("Aug 21 10:31:01 bastion sshd[1468]: error: PAM: Authentication failure for oracle from 203.0.113.5"), []nixWant{
			{"vendor_action", "failure", "ssh-login-failed (failure|Failed) takes the first of them"},
			{"reason", "Failed password", "ssh-login-failed's literal, whatever the failure was"},
			{"action", "failure", "ssh-login-failed action::\"failure\" (sshd-session-login-failed needs \"failed password\")"},
			{"user", "oracle", "ssh-login-failed user::$2"},
			{"src", "203.0.113.5", "ssh-login-failed src::$3"},
			{"src_port", "", "no \"port\": group $4 does not take part"},
		}},
		{"sshd key negotiation failed", nixRow("Jan  3 09:54:47 bastion sshd-session[146590]: Unable to negotiate with 198.51.100.23 port 52144: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]"), []nixWant{
			{"signature", "Unable to negotiate: no matching host key type found", "sshd-session-key-negotiation-failed signature::\"...\" (a literal holding \": \")"},
			{"action", "blocked", "sshd-session-key-negotiation-failed action::\"blocked\""},
			{"src_ip", "198.51.100.23", "sshd-session-key-negotiation-failed src_ip::$1"},
			{"src", "198.51.100.23", "src_ip_as_src"},
		}},
		{"sshd banner exchange failed", nixRow("Jan  3 07:08:37 bastion sshd-session[133482]: banner exchange: Connection from 192.0.2.44 port 40022: invalid format"), []nixWant{
			{"signature", "banner exchange: invalid format", "sshd-session-banner-exchange-failed signature::\"banner exchange: invalid format\""},
			{"action", "blocked", "sshd-session-banner-exchange-failed action::\"blocked\""},
			{"src_ip", "192.0.2.44", "sshd-session-banner-exchange-failed src_ip::$1"},
		}},
		{"rhosts login denied", nixRow("Feb 11 08:00:12 oldhost pam_rhosts_auth[2201]: denied to alice@198.51.100.70 as alice"), []nixWant{
			{"reason", "access not allowed", "remote_login_failure reason::\"access not allowed\""},
			{"vendor_action", "denied", "remote_login_failure vendor_action::\"denied\""},
			{"action", "failure", "remote_login_failure action::\"failure\""},
			{"app", "pam_rhosts_auth", "remote_login_failure app::$1"},
			{"user", "alice", "remote_login_failure user::$2"},
		}},
		{"passwd authentication failure", nixRow("Feb 11 08:01:40 web01 passwd[3310]: User carol: Authentication failure"), []nixWant{
			{"reason", "Authentication failure", "passwd-auth-failure reason::\"Authentication failure\""},
			{"action", "failure", "passwd-auth-failure action::\"failure\""},
			{"app", "passwd", "passwd-auth-failure app::$1"},
			{"user", "carol", "passwd-auth-failure user::$2"},
		}},
		{"BAD SU dcid", nixRow("Feb 11 08:02:05 web01 su: BAD SU dcid to root on /dev/pts/3"), []nixWant{
			{"reason", "BAD SU dcid", "bad-su reason::\"BAD SU dcid\""},
			{"action", "failure", "bad-su action::\"failure\""},
			{"app", "nix", "bad-su app::\"nix\""},
			{"user", "root", "bad-su user::$1"},
		}},
		{"sudo could not identify password", nixRow("Feb 11 08:03:19 web01 sudo: pam_unix(sudo:auth): auth could not identify password for [dave]"), []nixWant{
			{"reason", "could not identify password", "sudo_cannot_identify reason::\"could not identify password\""},
			{"vendor_action", "could not identify password", "sudo_cannot_identify vendor_action::\"$2\""},
			{"app", "sudo", "sudo_cannot_identify app::\"$1\""},
			{"user", "dave", "sudo_cannot_identify user::\"$3\""},
			{"action", "", "no transform that matches sets action; EVAL-action needs app su"},
		}},
		{"login failure", nixRow("Feb 11 08:04:51 tty01 login: authentication failure from 192.0.2.91, erin"), []nixWant{
			{"reason", "login failure", "login_authentication reason::\"login failure\""},
			{"action", "failure", "login_authentication action::$2"},
			{"app", "login", "login_authentication app::$1"},
			{"src", "192.0.2.91", "login_authentication src::$3"},
			{"user", "erin", "login_authentication user::$4"},
		}},
		{"SUSE useradd adds an account to a group", nixRow("Feb 11 08:05:30 sles15 useradd[4120]: account added to group - account=frank, group=wheel, gid=10, by (uid=0)"), []nixWant{
			{"vendor_action", "account added to group", "groupadd-suse vendor_action::\"account added to group\""},
			{"action", "modified", "groupadd-suse action::\"modified\""},
			{"command", "useradd", "groupadd-suse command::$1"},
			{"user", "frank", "groupadd-suse user::$2"},
			{"object_attrs", "wheel", "groupadd-suse object_attrs::$3"},
			{"src_user_id", "0", "groupadd-suse src_user_id::$4"},
			{"src_user", "root", "EVAL-src_user: src_user_id 0 and no src_user"},
			{"object", "frank", "EVAL-object: command useradd with a user"},
		}},
		{"pam_unix authentication failure", nixRow("Jul 13 18:55:11 vm4 sshd[17022]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=74.235.236.64  user=root"), []nixWant{
			{"action", "failure", "pam_unix_authentication_failure action::$1 (no transform before it matches: no \"from\")"},
			{"app", "ssh", "pam_unix_authentication_failure app::\"ssh\""},
			{"src", "74.235.236.64", "pam_unix_authentication_failure src::$3 (rhost)"},
			{"user", "root", "pam_unix_authentication_failure user::$4"},
			{"reason", "other", "pam_unix_authentication_failure reason::\"other\""},
			{"src_user", "", "ruser= is empty: group $2 does not take part"},
			{"rhost", "74.235.236.64", "[default] KV_MODE = auto (the add-on sets no KV_MODE for linux_secure)"},
			{"tty", "ssh", "[default] KV_MODE = auto"},
			{"logname", "", "KV_MODE = auto keeps no empty value"},
		}},
		{"(?i) applies to the rest of the pattern only", nixRow("Jan  3 17:21:42 host sshd[1]: ACCEPTED PASSWORD for bob from 198.51.100.9 port 22 ssh2"), []nixWant{
			{"action", "started", "sshd-session-login-accepted: (?i) before (Accepted\\s+password)"},
			{"signature", "ACCEPTED PASSWORD", "the matched text, as written"},
			{"vendor_action", "", "ssh-login-accepted's (Accepted) has no (?i): no match"},
			{"app", "", "only ssh-login-accepted would give app"},
			{"src", "198.51.100.9", "REPORT-src_for_linux_secure: src_ip_as_src copies src_ip"},
		}},
		{"useradd", nixRow("Mar  1 10:00:00 host useradd[1234]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash"), []nixWant{
			{"command", "useradd", "useradd command::$1"},
			{"action", "created", "useradd action::\"created\""},
			{"user", "bob", "useradd user::$2"},
			{"object_id", "1001", "useradd object_id::$3 (UID)"},
			{"object_attrs", "1001", "useradd object_attrs::$4 (GID)"},
			{"object_path", "/home/bob", "useradd object_path::$5"},
			{"object", "bob", "EVAL-object: command useradd with a user"},
			{"change_type", "AAA", "useradd literal"},
		}},
		{"iptables", nixRow("Mar 26 11:03:20 splunk4 kernel: BLOCK IN=eth0 OUT= MAC=00:15:c5:e0:ba:45 SRC=10.1.5.78 DST=10.2.1.44 LEN=64 PROTO=TCP SPT=57293 DPT=110 WINDOW=65535"), []nixWant{
			{"action", "BLOCK", "iptables action::\"$1\""},
			{"inbound_interface", "eth0", "iptables inbound_interface::$2"},
			{"src_ip", "10.1.5.78", "iptables src_ip::$4"},
			{"dest_port", "110", "iptables dest_port::$8"},
			{"signature", "firewall", "EVAL-signature: inbound_interface present"},
			{"src", "10.1.5.78", "src_ip_as_src"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.row(t)
			for _, w := range c.want {
				if got[w.field] != w.want {
					t.Errorf("%s = %q, want %q (%s)", w.field, got[w.field], w.want, w.why)
				}
			}
		})
	}
}

// Every regex nix.yml copies from Splunk_TA_nix's transforms.conf is one
// RE2 compiles as written: none needs the backtracking engine (no
// look-around, backreference or possessive quantifier in the linux_secure
// transforms), and PCRE's inline (?i), `]` first in a class and `\'`
// mean the same in RE2. A transform added later that needs regexp2 fails
// here and must be named in the file's header.
func TestNixRegexesAreRE2(t *testing.T) {
	data, err := os.ReadFile("addons/nix.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Transforms map[string]map[string]string `yaml:"transforms"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(doc.Transforms))
	for n := range doc.Transforms {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) != 52 {
		t.Fatalf("%d transforms read, want the 52 linux_secure REPORTs name", len(names))
	}
	for _, n := range names {
		rx, err := compileAddonRegex(doc.Transforms[n]["REGEX"])
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if _, ok := rx.(*regexp.Regexp); !ok {
			t.Errorf("%s: compiled only by the backtracking engine", n)
		}
	}
}
