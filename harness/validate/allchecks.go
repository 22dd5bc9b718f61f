package validate

import "github.com/dactest/dactest/harness/content"

// LoadChecks are the checks made while loading files (package content)
// and compiling searches (package runner). They are listed here so that
// configuration, SARIF rules and the README cover every id dactest emits.
var LoadChecks = []Check{
	{content.CheckYAMLSyntax, content.SeverityError, "file is not valid YAML", "fix the YAML syntax at this position"},
	{content.CheckYAMLTab, content.SeverityError, "tab used for indentation", "indent with spaces"},
	{content.CheckDuplicateKey, content.SeverityError, "key written twice in one mapping", "keep one of the two keys"},
	{content.CheckEmptyFile, content.SeverityError, "file is empty", "delete the file or give it content"},
	{content.CheckEncoding, content.SeverityError, "file is not UTF-8", "save the file as UTF-8"},
	{content.CheckSchema, content.SeverityError, "file does not match its JSON Schema (unknown key, wrong type, missing key)", "fix the key or value named in the message"},
	{content.CheckReadError, content.SeverityError, "file cannot be read", "check the file's permissions"},
	{"spl-parse", content.SeverityWarning, "search does not parse (a warning: contentctl does not parse SPL, and a rejection may be dactest's gap; `test` fails the detection's tests)", "check the SPL syntax at this position"},
	{"spl-macro", content.SeverityWarning, "search macro cannot be expanded", "define the macro under macros/ or fix its name and argument count"},
	{"spl-invalid", content.SeverityWarning, "search is invalid (unknown data model field, bad arguments)", "fix the search at this position"},
	{"spl-unsupported", content.SeverityInfo, "dactest cannot run this search yet", "tests of this detection report 'unsupported' until the engine supports it"},
}

// AllChecks is every check id dactest reports: load, compile and semantic.
func AllChecks() []Check {
	return append(append([]Check{}, LoadChecks...), Checks...)
}

// KnownCheck reports whether id is one of AllChecks.
func KnownCheck(id string) (Check, bool) {
	for _, c := range AllChecks() {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

func checkIDs() []string {
	var ids []string
	for _, c := range AllChecks() {
		ids = append(ids, c.ID)
	}
	return ids
}
