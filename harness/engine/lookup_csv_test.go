package engine

import (
	"strings"
	"testing"
)

// ESCU's dynamic_dns_providers_default.csv is written "a, b": the
// dynamic_dns_providers macro then matches `isDynDNS=True`, which only
// works when the space after the comma is not part of the cell.
func TestReadLookupCSVTrimsSpaceAfterComma(t *testing.T) {
	l, err := ReadLookupCSV(strings.NewReader("dynamic_dns_domains, isDynDNS_default\n*.3d-game.com*, True\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(l.Fields, "|"); got != "dynamic_dns_domains|isDynDNS_default" {
		t.Errorf("fields = %q", got)
	}
	if got := l.Rows[0][1]; got != "True" {
		t.Errorf("cell = %q, want True", got)
	}
}
