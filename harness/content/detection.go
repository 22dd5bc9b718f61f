package content

import (
	"gopkg.in/yaml.v3"
)

// Detection is one detection YAML file, with the fields dactest needs
// normalised across the 2024 (tags.observable) and 2026 (rba:) vintages.
type Detection struct {
	File                       string // as named in messages (label/path)
	Path                       string // slash path inside the loaded fs.FS
	Name, ID                   string
	Version                    int
	Date, Author, Status, Type string
	Description                string
	Search                     string
	SearchPos                  Pos // where the search scalar starts
	DataSource                 []string
	Stories                    []string // tags.analytic_story
	MitreIDs                   []string // tags.mitre_attack_id
	SecurityDomain, AssetType  string
	Products                   []string
	Risk                       Risk
	Tests                      []Test
	ManualTest                 string // tags.manual_test or top-level manual_test
	Drilldowns                 []Drilldown
	Node                       *yaml.Node // the document's root mapping
	searchNode                 *yaml.Node
	src                        []byte
	searchMap                  scalarMap
}

// Test is one entry of a detection's tests: list.
type Test struct {
	Name       string
	AttackData []AttackData
	// ExpectedResults is dactest's extension `expected_results: N`: nil means
	// "at least one result", 0 a negative test, N exactly N result rows.
	ExpectedResults *int
	// ExpectedRange is `expected_results: {min: A, max: B}`: a row count
	// within the range (either bound may be left out).
	ExpectedRange *Range
	Pos           Pos
}

// AttackData is one dataset a test replays.
type AttackData struct {
	// Host is contentctl's optional per-dataset host, CustomIndex its
	// optional index; empty means the replay default.
	Data, Source, Sourcetype, Host, CustomIndex string
	UpdateTimestamp                             bool
	Pos                                         Pos
}

// Drilldown is one entry of drilldown_searches.
type Drilldown struct {
	Name, Search, EarliestOffset, LatestOffset string
	Pos                                        Pos
}

// SearchLocation maps a byte offset inside d.Search to its position in the
// file, for every scalar style (plain, quoted, literal, folded), including
// escapes and line folding. Offsets past the end map to the end of the
// scalar; if the file text cannot be matched to the value the scalar's start
// is returned.
func (d *Detection) SearchLocation(offset int) Pos {
	return d.searchMap.locate(d.File, d.src, d.searchNode, offset)
}

func buildDetection(file, path string, src []byte, root *yaml.Node) *Detection {
	tags := get(root, "tags")
	d := &Detection{
		File: file, Path: path, Node: root, src: src,
		Name: str(get(root, "name")), ID: str(get(root, "id")),
		Date: str(get(root, "date")), Author: str(get(root, "author")),
		Status: str(get(root, "status")), Type: str(get(root, "type")),
		Description:    str(get(root, "description")),
		searchNode:     get(root, "search"),
		DataSource:     strs(get(root, "data_source")),
		Stories:        strs(get(tags, "analytic_story")),
		MitreIDs:       strs(get(tags, "mitre_attack_id")),
		SecurityDomain: str(get(tags, "security_domain")),
		AssetType:      str(get(tags, "asset_type")),
		Products:       strs(get(tags, "product")),
		ManualTest:     str(get(root, "manual_test")),
	}
	d.Version, _ = intOf(get(root, "version"))
	d.Search = str(d.searchNode)
	d.SearchPos = nodePos(file, d.searchNode)
	if d.searchNode == nil {
		d.SearchPos = Pos{File: file}
	}
	if d.ManualTest == "" {
		d.ManualTest = str(get(tags, "manual_test"))
	}
	d.Risk = buildRisk(file, root)
	d.Tests = buildTests(file, get(root, "tests"))
	d.Drilldowns = buildDrilldowns(file, get(root, "drilldown_searches"))
	return d
}

func buildTests(file string, n *yaml.Node) []Test {
	var out []Test
	for _, t := range items(n) {
		test := Test{Name: str(get(t, "name")), Pos: nodePos(file, t)}
		test.ExpectedResults, test.ExpectedRange = countOf(get(t, "expected_results"))
		for _, a := range items(get(t, "attack_data")) {
			ts, _ := boolOf(get(a, "update_timestamp"))
			test.AttackData = append(test.AttackData, AttackData{
				Data: str(get(a, "data")), Source: str(get(a, "source")),
				Sourcetype: str(get(a, "sourcetype")), Host: str(get(a, "host")), CustomIndex: str(get(a, "custom_index")), UpdateTimestamp: ts,
				Pos: nodePos(file, a),
			})
		}
		out = append(out, test)
	}
	return out
}

func buildDrilldowns(file string, n *yaml.Node) []Drilldown {
	var out []Drilldown
	for _, d := range items(n) {
		out = append(out, Drilldown{
			Name: str(get(d, "name")), Search: str(get(d, "search")),
			EarliestOffset: str(get(d, "earliest_offset")),
			LatestOffset:   str(get(d, "latest_offset")),
			Pos:            nodePos(file, d),
		})
	}
	return out
}
