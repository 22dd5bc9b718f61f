package ingest

import (
	"testing"
)

// kube:container:falco has no add-on: Splunk's default KV_MODE = auto
// extracts Falco's output fields. Values from security_content's
// kubernetes_falco.yml example_log.
func TestFalcoDefaultAutoKV(t *testing.T) {
	example := exampleLog(t, "kubernetes_falco.yml")
	rows, problems, err := defaultAddons(t).ReadExample(example, Meta{Source: "kubernetes", Sourcetype: "kube:container:falco", Host: "h"})
	if err != nil || len(problems) > 0 || len(rows) != 1 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	r := rows[0]
	for f, want := range map[string]string{
		// The fields kubernetes_falco_shell_spawned groups by.
		"container_image": "quay.io/signalfx/splunk-otel-collector", "container_image_tag": "0.88.0",
		"container_name": "otel-collector", "parent": "runc", "process": "bash", "user": "root",
		"proc_exepath": "/usr/lib/splunk-otel-collector/agent-bundle/bin/bash",
		// An unquoted value ends at whitespace: "command=bash -il" gives bash.
		"command": "bash", "user_uid": "0", "user_loginuid": "-1", "terminal": "34816",
		"exe_flags": "EXE_WRITABLE", "container_id": "7a2566e8e462", "k8s_ns": "default",
	} {
		if got := r.Get(f).String(); got != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
}
