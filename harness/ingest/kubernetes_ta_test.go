package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// Kubernetes audit records (audit.k8s.io/v1 Event) as security_content's
// "Kubernetes Audit" data source has them: sourcetype _json, source
// kubernetes. No Splunk add-on for them is known (the data source names
// none; the detections' how_to_implement points at the OpenTelemetry
// collector or the AWS add-on's CloudWatch input, neither of which gives
// these records eventtypes), so Splunk's own [_json] stanza is all that
// applies: INDEXED_EXTRACTIONS = json, KV_MODE = none
// (splunk_default.yml). The 14 detections read only the records' JSON
// leaves, which these tests pin, with their verdicts on records written
// here (no kube_audit dataset is in the corpus).
//
// The data source's field list also names eventtype, tag and
// tag::eventtype: some app in the lab that produced it tagged these
// records, but no public source says which app or which eventtype, so
// dactest gives none (datasources check: 38/39, tag missing) rather than
// invent one.
const (
	k8sNodePort  = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"6f1e2d3c-0000-4000-8000-000000000001","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/services?fieldManager=kubectl-client-side-apply","verb":"create","user":{"username":"dev-ops","uid":"aws-iam-authenticator:111122223333:AROAEXAMPLE","groups":["system:authenticated","ops:admins"]},"sourceIPs":["198.51.100.23"],"userAgent":"kubectl/v1.28.2 (linux/amd64) kubernetes/89a4ea3","objectRef":{"resource":"services","namespace":"default","name":"debug-svc","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestObject":{"kind":"Service","apiVersion":"v1","metadata":{"name":"debug-svc","namespace":"default"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}},"requestReceivedTimestamp":"2024-03-05T10:11:12.000000Z","stageTimestamp":"2024-03-05T10:11:12.020000Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding"}}`
	k8sForbidden = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"6f1e2d3c-0000-4000-8000-000000000002","stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/prod/daemonsets","verb":"create","user":{"username":"intern","uid":"u-42","groups":["system:authenticated"]},"sourceIPs":["203.0.113.61"],"userAgent":"kubectl/v1.28.2","objectRef":{"resource":"daemonsets","namespace":"prod","apiGroup":"apps","apiVersion":"v1"},"responseStatus":{"metadata":{},"status":"Failure","message":"daemonsets.apps is forbidden","reason":"Forbidden","code":403},"requestReceivedTimestamp":"2024-03-05T10:12:00.000000Z","stageTimestamp":"2024-03-05T10:12:00.004000Z","annotations":{"authorization.k8s.io/decision":"forbid","authorization.k8s.io/reason":""}}`
	k8sDaemonSet = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"6f1e2d3c-0000-4000-8000-000000000004","stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/kube-system/daemonsets","verb":"create","user":{"username":"dev-ops","uid":"aws-iam-authenticator:111122223333:AROAEXAMPLE","groups":["system:authenticated"]},"sourceIPs":["198.51.100.23"],"userAgent":"kubectl/v1.28.2","objectRef":{"resource":"daemonsets","namespace":"kube-system","name":"node-agent","apiGroup":"apps","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestObject":{"kind":"DaemonSet","apiVersion":"apps/v1","metadata":{"name":"node-agent","namespace":"kube-system"}},"requestReceivedTimestamp":"2024-03-05T10:14:00.000000Z","stageTimestamp":"2024-03-05T10:14:00.050000Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}`
	k8sPrivPod   = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"6f1e2d3c-0000-4000-8000-000000000003","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/pods","verb":"create","user":{"username":"dev-ops","uid":"aws-iam-authenticator:111122223333:AROAEXAMPLE","groups":["system:authenticated"]},"sourceIPs":["198.51.100.23"],"userAgent":"kubectl/v1.28.2","objectRef":{"resource":"pods","namespace":"default","name":"nsenter","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestObject":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"nsenter","namespace":"default","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"hostNetwork\":true,\"containers\":[{\"name\":\"c\",\"image\":\"alpine\",\"securityContext\":{\"privileged\":true}}]}}\n"}},"spec":{"hostNetwork":true}},"requestReceivedTimestamp":"2024-03-05T10:13:00.000000Z","stageTimestamp":"2024-03-05T10:13:00.030000Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}`
)

func kubeRow(raw string) func(*testing.T) event.Row {
	return func(t *testing.T) event.Row { return taRow(t, raw, "kubernetes", "_json", "eks-cluster") }
}

// The fields the kube_audit detections read, from Splunk's [_json]
// extraction of the records above.
func TestKubernetesAuditFields(t *testing.T) {
	events := map[string]func(*testing.T) event.Row{
		"nodeport": kubeRow(k8sNodePort), "forbidden": kubeRow(k8sForbidden), "privpod": kubeRow(k8sPrivPod),
	}
	checkTA(t, events, []taCase{
		{"nodeport", "verb", "create", "[_json] INDEXED_EXTRACTIONS = json: top-level key"},
		{"nodeport", "objectRef.resource", "services", "nested keys joined with ."},
		{"nodeport", "requestObject.spec.type", "NodePort", "nested keys joined with ."},
		{"nodeport", "user.groups{}", "system:authenticated|ops:admins", "an array's values as one multivalue field{}"},
		{"nodeport", "sourceIPs{}", "198.51.100.23", "a top-level array"},
		{"nodeport", "requestObject.spec.ports{}.nodePort", "30080", "keys inside array objects: {} then ."},
		{"nodeport", "responseStatus.code", "201", "a number, as its text"},
		{"nodeport", "annotations.authorization.k8s.io/decision", "allow", "a key with dots and a slash, kept as written"},
		{"forbidden", "responseStatus.reason", "Forbidden", "nested key"},
		{"forbidden", "responseStatus.message", "daemonsets.apps is forbidden", "nested key"},
		{"privpod", "requestObject.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration",
			`{"apiVersion":"v1","kind":"Pod","spec":{"hostNetwork":true,"containers":[{"name":"c","image":"alpine","securityContext":{"privileged":true}}]}}` + "\n",
			"a JSON string value, unescaped (it holds JSON text itself)"},
		// No add-on, no eventtype (see the comment at the top).
		{"nodeport", "eventtype", "", "no eventtype is known for _json / source kubernetes"},
		{"nodeport", "tag", "", "no eventtype, no tag"},
		{"nodeport", "user", "", "no alias: the detections rename user.username themselves"},
	})
}

// The kube_audit detections through the runner, each firing on one record
// and silent on a variant. Each groups by many fields after `fillnull`,
// which fills "field values that are missing in a particular result but
// present in another result" (Search Reference, fillnull) - not a field no
// result has: a lone record lacking a by-field (objectRef.name,
// requestObject.kind, user.uid ...) is dropped, so the records carry them.
func TestKubernetesAuditDetections(t *testing.T) {
	runKubeCases(t, []kubeCase{
		// "objectRef.resource"=services verb=create requestObject.spec.type=NodePort
		{"nodeport", "detections/cloud/kubernetes_node_port_creation.yml", k8sNodePort, true},
		{"clusterip", "detections/cloud/kubernetes_node_port_creation.yml", strings.Replace(k8sNodePort, `"type":"NodePort"`, `"type":"ClusterIP"`, 1), false},
		// verb=create responseStatus.reason=Forbidden
		{"forbidden", "detections/cloud/kubernetes_unauthorized_access.yml", k8sForbidden, true},
		{"allowed", "detections/cloud/kubernetes_unauthorized_access.yml", k8sNodePort, false},
		// "objectRef.resource"=daemonsets verb=create, by ... objectRef.name
		// requestObject.kind ...
		{"daemonset", "detections/cloud/kubernetes_daemonset_deployed.yml", k8sDaemonSet, true},
		// The forbidden attempt has neither (a Metadata-level record of a
		// collection create) and is the only result: nothing to fill from.
		{"daemonset-forbidden", "detections/cloud/kubernetes_daemonset_deployed.yml", k8sForbidden, false},
		// objectRef.resource=pods verb=create objectRef.namespace IN ("default", ...)
		{"pod-default", "detections/cloud/kubernetes_pod_created_in_default_namespace.yml", k8sPrivPod, true},
		{"pod-team", "detections/cloud/kubernetes_pod_created_in_default_namespace.yml", strings.Replace(k8sPrivPod, `"namespace":"default","name":"nsenter","apiVersion"`, `"namespace":"team-a","name":"nsenter","apiVersion"`, 1), false},
	})
}

// kubernetes_create_or_update_privileged_pod and
// kubernetes_pod_with_host_network_attachment search
// requestObject.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration=*\"privileged\":true*
// - an unquoted value with backslash-escaped quotes. dactest's SPL reader
// takes the \" as opening a quoted string, so the rest of the search
// (| fillnull | stats ...) becomes search terms and nothing matches:
//
//	dactest search 'a=*\"privileged\":true* | stats count' --data q.json
//
// over {"a":"x \"privileged\":true y"} prints nothing, where
// a="*\"privileged\":true*" counts 1. Engine bug, reported; the cases
// run once it is fixed.
func TestKubernetesAuditEscapedQuoteDetections(t *testing.T) {
	t.Skip("SPL lexer: \\\" in an unquoted search value opens a quoted string (see the comment); engine fix pending")
	runKubeCases(t, []kubeCase{
		{"privileged", "detections/cloud/kubernetes_create_or_update_privileged_pod.yml", k8sPrivPod, true},
		{"unprivileged", "detections/cloud/kubernetes_create_or_update_privileged_pod.yml", strings.Replace(k8sPrivPod, `\"privileged\":true`, `\"privileged\":false`, 1), false},
		{"host-network", "detections/cloud/kubernetes_pod_with_host_network_attachment.yml", k8sPrivPod, true},
	})
}

type kubeCase struct {
	id, detection, raw string
	fires              bool
}

func runKubeCases(t *testing.T, cases []kubeCase) {
	t.Helper()
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			data := filepath.Join(dir, c.id+".json")
			if err := os.WriteFile(data, []byte(c.raw+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			m := writeManifestAs(t, dir, c.id, sc, c.detection, data, "kubernetes", "_json", c.fires)
			if res := runCase(t, m, false); res.Status != runner.Pass {
				t.Errorf("%s: %s %q", c.id, res.Status, res.Message)
			}
		})
	}
}
