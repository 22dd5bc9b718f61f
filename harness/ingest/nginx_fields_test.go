package ingest

import "testing"

// Values Splunk_TA_nginx 3.3.0's [nginx:plus:kv] settings give the
// example_log of security_content's nginx_access.yml, each from the
// add-on's props.conf rule named ("" means no field).
func TestNginxAccessFields(t *testing.T) {
	r := exampleRow(t, "nginx_access.yml")
	for _, c := range []struct{ field, want, why string }{
		{"status", "200", "KV pair, EVAL-status keeps it"},
		{"status_description", "OK", "LOOKUP-nginx_httpstatus_lookup"},
		{"status_type", "Successful", "LOOKUP-nginx_httpstatus_lookup"},
		{"action", "OK", "LOOKUP ... status_description AS action"},
		{"bytes", "1073741234", "EVAL-bytes: bytes_in + bytes_out"},
		{"dest", "www.example.com", "EVAL-dest: server first"},
		{"version", "1.18.0", "FIELDALIAS-nginx_version"},
		{"vendor_product", "Nginx Web Server", "EVAL-vendor_product"},
		{"app", "Nginx", "EVAL-app"},
		{"web_server", "www.example.com:www.example.com", "EVAL-web_server: server:site"},
		{"user", "", `EVAL-user: "-" is no user`},
		{"http_referrer", "", `EVAL-http_referrer: "-" is none`},
		{"http_user_agent_length", "22", "EVAL-http_user_agent_length"},
		{"url", "https://www.example.com:443/wp-json/bricks/v1/render_element", `EVAL-url: uri_query "-" adds no "?"`},
		{"url_domain", "www.example.com", "EVAL-url_domain: the host part of url"},
		{"uri_query", "", `EVAL-uri_query: "-" is none`},
		{"tag", "activity\ninventory\nweb", "eventtype nginx_access"},
		{"_time", "1708624800", "TIME_PREFIX time_local: 13:00 at -0500"},
	} {
		if got := r.Get(c.field).String(); got != c.want {
			t.Errorf("%s = %q, want %q (%s)", c.field, got, c.want, c.why)
		}
	}
}
