package datamodel

import (
	"strings"
	"testing"
)

func TestCIMLoads(t *testing.T) {
	s, err := CIM()
	if err != nil {
		t.Fatal(err)
	}
	want := "Alerts Authentication Certificates Change Email Endpoint Intrusion_Detection Network_Resolution Network_Sessions Network_Traffic Risk Updates Vulnerabilities Web"
	if got := strings.Join(s.Models(), " "); got != want {
		t.Fatalf("models = %s", got)
	}
	n, err := s.Node("Endpoint", "Processes")
	if err != nil {
		t.Fatal(err)
	}
	if n.Constraint != "tag=process tag=report" || n.Root().Name != "Processes" {
		t.Fatalf("Processes = %+v", n)
	}
	f, err := s.Node("Authentication", "Failed_Authentication")
	if err != nil || f.Root().Name != "Authentication" || len(f.Lineage()) != 2 {
		t.Fatalf("Failed_Authentication: %v %v", f, err)
	}
	if len(f.AllFields()) == 0 {
		t.Fatal("child inherits no fields")
	}
}

func TestValidation(t *testing.T) {
	bad := map[string]string{
		"unknown parent": `{"name":"M","objects":[{"name":"A","parent":"X","constraint":"a=1"}]}`,
		"cycle":          `{"name":"M","objects":[{"name":"A","parent":"B","constraint":"a=1"},{"name":"B","parent":"A","constraint":"b=1"}]}`,
		"no constraint":  `{"name":"M","objects":[{"name":"A"}]}`,
		"dup field":      `{"name":"M","objects":[{"name":"A","constraint":"a=1","fields":["x"]},{"name":"B","parent":"A","constraint":"b=1","fields":["x"]}]}`,
		"dup node":       `{"name":"M","objects":[{"name":"A","constraint":"a=1"},{"name":"A","constraint":"a=1"}]}`,
		"no objects":     `{"name":"M","objects":[]}`,
		"bad constraint": `{"name":"M","objects":[{"name":"A","constraint":"(a=1"}]}`,
		"bad eval":       `{"name":"M","objects":[{"name":"A","constraint":"a=1","calculated":[{"name":"x","eval":"len("}]}]}`,
	}
	for name, js := range bad {
		if _, err := Parse([]byte(js)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
