package engine

import "testing"

// spath over XML (spath reference: "extract information from the
// structured data formats XML and JSON"): element paths with their text,
// {@attr} for attributes, repeated elements as multivalues; and a bare
// spath replaces a field of the same name rather than adding to it.
func TestSpathXMLSemantics(t *testing.T) {
	const applocker = `x=1`
	xml := `<RuleAndFileData xmlns='http://schemas.microsoft.com/schemas/event/Microsoft.Windows/1.0.0.0'><PolicyName>SCRIPT</PolicyName><FilePath>%OSDRIVE%\\T\\a.ps1</FilePath><Fqbn>-</Fqbn></RuleAndFileData>`
	mk := `* | eval u="` + xml + `"`
	runSemCases(t, []semCase{
		{"auto-extract element paths", applocker, mk + ` | spath input=u | table RuleAndFileData.PolicyName RuleAndFileData.Fqbn`, "RuleAndFileData.PolicyName;RuleAndFileData.Fqbn\nSCRIPT;-"},
		{"path mode", applocker, mk + ` | spath input=u path=RuleAndFileData.PolicyName output=p | table p`, "p\nSCRIPT"},
		{"attribute", `x=1`, `* | eval d="<desc><loc locale=\"en\">Hi</loc><loc locale=\"fr\">Salut</loc></desc>" | spath input=d path="desc.loc{@locale}" output=l | table l`, "l\nen|fr"},
		{"repeated elements are multivalue", `x=1`, `* | eval d="<a><b>1</b><b>2</b></a>" | spath input=d | table a.b`, "a.b\n1|2"},
		{"eval spath() on XML", `x=1`, `* | eval d="<a><b>1</b></a>", v=spath(d, "a.b") | table v`, "v\n1"},
		{"not XML nor JSON: nothing", `x=1`, `* | eval d="plain" | spath input=d | table d`, "d\nplain"},
		{"bare spath replaces, not appends", `x=1`, `* | eval j="{\"x\": \"2\"}" | spath input=j | table x`, "x\n2"},
	})
}
