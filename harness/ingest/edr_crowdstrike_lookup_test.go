package ingest

import "testing"

// The FDR add-on's EVALs that read its enumeration CSVs through the eval
// lookup() function and json_extract() (Splunk_TA_CrowdStrike_FDR 2.0.5
// default/props.conf [crowdstrike:events:sensor], lookups/
// crowdstrike_RegOperationType.csv, _RegType.csv, _RequestType.csv,
// _QueryStatus.csv, _Protocol.csv), each a variant of the ProcessRollup2
// example with the fields such an event carries. "" means no field.
func TestCrowdStrikeLookupEvals(t *testing.T) {
	a := defaultAddons(t)
	asep := func(op, regType string) map[string]any {
		return map[string]any{"event_simpleName": "AsepValueUpdate", "RegOperationType": op, "RegType": regType}
	}
	dns := func(reqType, status string) map[string]any {
		return map[string]any{"event_simpleName": "DnsRequest", "DomainName": "example.com", "RequestType": reqType, "QueryStatus": status}
	}
	for _, c := range []struct {
		name   string
		change map[string]any
		want   map[string]string
	}{
		// EVAL-action, AsepValueUpdate: like(<RegOperationType_meaning>, ...).
		{"registry value set", asep("1", "4"), map[string]string{"action": "modified", "RegOperationType_meaning": "REG_SET_VALUE_KEY",
			// EVAL-registry_value_type: RegType_meaning of crowdstrike_RegType.csv
			"registry_value_type": "REG_DWORD", "RegType_meaning": "REG_DWORD"}},
		{"registry value deleted", asep("2", "1"), map[string]string{"action": "deleted", "registry_value_type": "REG_SZ"}},
		{"registry key created", asep("3", "0"), map[string]string{"action": "created", "registry_value_type": "REG_NONE"}},
		{"registry key opened", asep("8", "11"), map[string]string{"action": "read", "registry_value_type": "REG_QWORD"}},
		{"anti-tamper value set", asep("101", "3"), map[string]string{"action": "modified"}},
		{"anti-tamper value deleted", asep("102", "3"), map[string]string{"action": "deleted"}},
		{"operation not in the table", asep("77", "99"), map[string]string{"action": "", "registry_value_type": "", "RegType_meaning": ""}},
		{"registry key update", map[string]any{"event_simpleName": "AsepKeyUpdate"}, map[string]string{"registry_value_type": "REG_BINARY", "action": "created"}},
		// EVAL-query_type (RequestType_meaning), EVAL-reply_code
		// (QueryStatus_code), EVAL-reply_code_id (QueryStatus).
		{"AAAA query, no such domain", dns("28", "3"), map[string]string{"query_type": "AAAA", "RequestType_meaning": "AAAA",
			"reply_code": "Non-Existent Domain", "reply_code_id": "3"}},
		{"A query answered", dns("1", "0"), map[string]string{"query_type": "A", "reply_code": "No Error"}},
		{"Windows DNS error status", dns("5", "9003"), map[string]string{"query_type": "CNAME", "reply_code": "DNS_ERROR_RCODE_NAME_ERROR"}},
		// Two rows of crowdstrike_QueryStatus.csv have QueryStatus 16:
		// lookup() returns both codes as an array, json_extract its JSON.
		{"status 16 has two rows", dns("12", "16"), map[string]string{"query_type": "PTR", "reply_code": `["BADVERS","BADSIG"]`}},
		{"unknown status", dns("255", "424242"), map[string]string{"query_type": "*", "reply_code": ""}},
		// EVAL-transport_dest_port: Protocol_lc_meaning + "/" + the port.
		{"TCP connect", map[string]any{"event_simpleName": "NetworkConnectIP4", "Protocol": "6", "RemotePort": "443", "LocalPort": "50000"},
			map[string]string{"transport_dest_port": "tcp/443", "transport": "tcp", "dest_port": "443"}},
		{"UDP listen", map[string]any{"event_simpleName": "NetworkListenIP4", "Protocol": "17", "RemotePort": "0", "LocalPort": "53"},
			map[string]string{"transport_dest_port": "udp/53"}},
		{"protocol not in the table", map[string]any{"event_simpleName": "NetworkConnectIP4", "Protocol": "47", "RemotePort": "1"},
			map[string]string{"transport_dest_port": ""}},
		// EVAL-family / EVAL-version / EVAL-serial with json_extract.
		{"cloud instance metadata", map[string]any{"event_simpleName": "InstanceMetadata",
			"InstanceMetadata": `{"architecture":"x86_64","instanceId":"i-0abc123","version":"2017-09-30"}`},
			map[string]string{"family": "x86_64", "serial": "i-0abc123", "version": "2017-09-30"}},
		{"linux OS version", map[string]any{"event_simpleName": "OsVersionInfo", "event_platform": "Lin", "OSVersionString": "Linux 5.15.0-1031-aws x86_64"},
			map[string]string{"family": "x86_64", "version": "Linux 5.15.0-1031-aws x86_64"}},
		{"windows OS version", map[string]any{"event_simpleName": "OsVersionInfo", "event_platform": "Win", "ProductName": "Windows 10 Pro", "OSVersionString": "x"},
			map[string]string{"family": "", "version": "Windows 10 Pro"}},
		{"host info boot args", map[string]any{"event_simpleName": "HostInfo", "BootArgs": "serial=C02XG0FDH7JY"},
			map[string]string{"serial": "C02XG0FDH7JY"}},
		// Other events: EXTRACT-crowdstrike_ta_serial (a UUID followed by
		// white space in BootArgs), kept by EVAL-serial's true() branch.
		{"serial from boot args", map[string]any{"BootArgs": "root=/dev/sda1 uuid 0a1b2c3d-1111-2222-3333-444455556666 quiet"},
			map[string]string{"serial": "0a1b2c3d-1111-2222-3333-444455556666"}},
		{"no boot args", map[string]any{}, map[string]string{"serial": "", "family": "", "version": "", "query_type": ""}},
	} {
		ev := processRollup2Example(t)
		for k, v := range c.change {
			ev[k] = v
		}
		r := crowdstrikeRow(t, a, ev)
		for f, want := range c.want {
			if got := r.Get(f).String(); got != want {
				t.Errorf("%s: %s = %q, want %q", c.name, f, got, want)
			}
		}
	}
}
