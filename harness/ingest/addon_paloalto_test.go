package ingest

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Palo Alto Networks Add-on (paloalto.yml) on security_content's example
// logs: raw -> the fields the add-on gives. Values follow the add-on's
// transforms.conf (extract_threat / extract_traffic: DELIMS = "," with
// FIELDS, quoted values whole), props.conf aliases and calculated fields,
// pan_vendor_actions.csv and pan_vendor_info.csv; "" means absent.
func TestPaloAltoFields(t *testing.T) {
	checkFields(t, []fieldCase{
		{"threat url log", fromExample("palo_alto_network_threat.yml"), map[string]string{
			// The syslog header stays in the first comma-separated value.
			"future_use1": "May 10 11:08:39 sjc.example.com 1",
			"type":        "THREAT", "log_subtype": "url", "src_ip": "2.18.4.7", "dest_ip": "1.2.3.4",
			"src": "2.18.4.7", "dest": "1.2.3.4", "dest_port": "443", "transport": "tcp", "app": "web-browsing",
			"application": "web-browsing", "virtual_system": "vsys1",
			// vendor_action is the raw action; action comes from the lookup.
			"vendor_action": "allow", "action": "allowed",
			// A quoted value keeps its delimiters and loses its quotes.
			"misc": "sr.example.com/mgmt/tm/util/bash", "url": "sr.example.com/mgmt/tm/util/bash",
			"http_user_agent":        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1944.0 Safari/537.36",
			"http_user_agent_length": "118",
			"http_method":            "POST", // EVAL upper() on url logs
			"dest_hostname":          "sr.example.com", "dest_name": "sr.example.com", "file_name": "bash",
			"threat": "(9999)", "threat_id": "9999", "signature_id": "9999",
			// threat_name is "" before "(9999)": no field, so no signature.
			"threat_name": "", "signature": "",
			"http_category": "allow-URL", "threat_category": "", "category": "unknown",
			// Empty values keep their place and give no field.
			"src_user": "", "content_type": "", "http_content_type": "", "user": "unknown",
			"dvc_name": "sjc1-fw-01", "content_version": "AppThreat-0-0",
			"server_ip": "1.2.3.4", "client_ip": "2.18.4.7", "report_id": "",
			"vendor": "Palo Alto Networks", "product": "Firewall", "vendor_product": "Palo Alto Networks Firewall",
			"ids_type": "network", "eventtype": "pan|pan_firewall|pan_url", "tag": "network|proxy|web",
		}},
		{"traffic end log", fromExample("palo_alto_network_traffic.yml"), map[string]string{
			"type": "TRAFFIC", "log_subtype": "end", "src_ip": "192.168.1.205", "dest_ip": "147.28.146.44",
			"src_translated_ip": "201.17.96.104", "src_port": "50624", "dest_port": "443", "app": "screenconnect",
			"vendor_action": "allow", "action": "allowed", "bytes": "7419", "bytes_out": "6609", "bytes_in": "810",
			"packets": "25", "duration": "65", "session_end_reason": "tcp-fin", "action_source": "from-policy",
			"src": "192.168.1.205", "dest": "147.28.146.44", "user": "unknown", "dvc_name": "PALO220",
			"vendor_product": "Palo Alto Networks Firewall", "ids_type": "",
			"eventtype": "pan|pan_firewall|pan_traffic|pan_traffic_end", "tag": "communicate|end|network|session",
		}},
		{"traffic deny: default_match for an unknown vendor action", func(t *testing.T) event.Row {
			return applyToRaw(t, "1,2024/02/22 12:33:50,0128,TRAFFIC,start,2305,2024/02/22 12:33:50,10.0.0.1,10.0.0.2,,,r,,,dns,vsys1,a,b,e1,e2,p,,1,1,53,53,0,0,0x0,udp,drop-icmp",
				Meta{Source: "pan", Sourcetype: "pan:traffic", Host: "fw"})
		}, map[string]string{"vendor_action": "drop-icmp", "action": "unknown", "eventtype": "pan|pan_firewall|pan_traffic|pan_traffic_start", "dvc": "fw"}},
	})
}
