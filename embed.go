// Package dactest embeds the project's own content (the default that
// `dactest test` runs with no arguments) and its JSON Schemas.
package dactest

import "embed"

// Content is the embedded default content tree, in security_content's
// layout: detections/, macros/, stories/, plus datasets/ for its tests.
//
//go:embed detections macros stories datasets
var Content embed.FS

// Schemas holds the JSON Schemas under schemas/.
//
//go:embed schemas
var Schemas embed.FS
