package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIFSchema is the schema URI GitHub code scanning documents for
// SARIF 2.1.0 ("SARIF support for code scanning": $schema is required).
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// Rule describes one check for SARIF's tool.driver.rules.
type Rule struct {
	ID    string
	Short string // one line: shortDescription, fullDescription
	Help  string // how to fix: help.text
	Level string // default level: error | warning | info
}

// Result is one finding. File is a path (relative to the repository root
// for GitHub) or an absolute path; Line and Col are 1-based, 0 if unknown.
type Result struct {
	RuleID, Level, Message string
	File                   string
	Line, Col              int
	Tags                   []string // the result's property-bag tags (SARIF 2.1.0 §3.8.2)
}

// SARIF writes a SARIF 2.1.0 log with one run of tool. Levels error,
// warning and info map to SARIF error, warning and note. It fills in what
// GitHub code scanning requires: rule short/full descriptions and help
// text, a physical location with a region for each result, and
// partialFingerprints.primaryLocationLineHash.
func SARIF(w io.Writer, tool string, rules []Rule, results []Result) error {
	index := map[string]int{}
	descs := make([]sarifRule, 0, len(rules))
	for i, r := range rules {
		index[r.ID] = i
		descs = append(descs, sarifRule{
			ID: r.ID, Name: r.ID,
			ShortDescription: sarifText{r.Short}, FullDescription: sarifText{r.Short + "."},
			Help:                 sarifText{r.Help},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Level)},
			Properties:           sarifRuleProps{Tags: []string{tool}, ProblemSeverity: problemSeverity(r.Level)},
		})
	}
	out := make([]sarifResult, 0, len(results))
	for _, r := range results {
		out = append(out, sarifResultOf(r, index))
	}
	log := sarifLog{
		Schema: SARIFSchema, Version: "2.1.0",
		Runs: []sarifRun{{Tool: sarifTool{Driver: sarifDriver{Name: tool, InformationURI: "https://github.com/dactest/dactest", Rules: descs}}, Results: out}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // SPL and _raw hold < > &: keep them readable
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifResultOf(r Result, index map[string]int) sarifResult {
	line, col := max(r.Line, 1), max(r.Col, 1)
	uri := fileURI(r.File)
	res := sarifResult{
		RuleID: r.RuleID, Level: sarifLevel(r.Level), Message: sarifText{r.Message},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: uri},
			Region:           sarifRegion{StartLine: line, StartColumn: col, EndLine: line, EndColumn: col + 1},
		}}},
		PartialFingerprints: map[string]string{"primaryLocationLineHash": fingerprint(r.RuleID, uri, r.Message)},
	}
	if i, ok := index[r.RuleID]; ok {
		res.RuleIndex = &i
	}
	if len(r.Tags) > 0 {
		res.Properties = &sarifRuleProps{Tags: r.Tags}
	}
	return res
}

// fileURI: relative paths stay relative (GitHub resolves them against the
// repository root), with / separators and URI escaping; absolute paths
// become file:// URIs.
func fileURI(p string) string {
	slash := filepath.ToSlash(p)
	if filepath.IsAbs(p) {
		return (&url.URL{Scheme: "file", Path: slash}).String()
	}
	return (&url.URL{Path: slash}).EscapedPath()
}

// fingerprint identifies a result across runs without its line number, so
// that an alert survives edits above it.
func fingerprint(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:8]) + ":1"
}

func sarifLevel(s string) string {
	switch s {
	case "error", "warning":
		return s
	case "info", "note":
		return "note"
	}
	return "none"
}

func problemSeverity(s string) string {
	switch s {
	case "error", "warning":
		return s
	}
	return "recommendation"
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags            []string `json:"tags,omitempty"`
	ProblemSeverity string   `json:"problem.severity,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifRuleProps   `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}
