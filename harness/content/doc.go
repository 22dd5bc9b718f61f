// Package content loads Splunk security_content trees (detections, macros,
// lookups, stories, data sources) and dactest test manifests from YAML,
// keeping the source position of every value so that each problem found
// later can be reported as file:line:col.
//
// Load never stops at a bad file. Each file that cannot be used (not UTF-8,
// empty, a YAML syntax error, a tab in indentation, not a mapping) gives
// exactly one Finding and is skipped; a duplicate key or a schema violation
// gives a Finding at the offending key or value and the object still loads.
// Schemas (schemas/*.schema.json, embedded in package dactest) check
// structure and types; semantic rules live in package validate.
//
// Positions: Detection.SearchLocation and Macro.MacroLocation map a byte
// offset of the decoded SPL back to the file for every YAML scalar style,
// so SPL errors can point into the YAML file exactly.
//
// Risk is normalised from both vintages: the 2026 rba: block as written,
// and the 2024 tags.observable list the way contentctl mapped it (Victim
// user/system types become risk objects scored confidence×impact/100,
// Attacker process/file/url/ip types become threat objects, anything else
// a risk object of type other).
package content
