package content

import "gopkg.in/yaml.v3"

// Range is an expected row count between Min and Max (inclusive); a nil
// bound is open. It is dactest's `expected_results: {min: 2, max: 5}`
// (detections) and `results: {min: 2}` (manifests).
type Range struct {
	Min, Max *int
}

// Holds reports whether n is within the range.
func (r Range) Holds(n int) bool {
	return (r.Min == nil || n >= *r.Min) && (r.Max == nil || n <= *r.Max)
}

// String renders the range for messages: "2-5", "at least 2", "at most 5".
func (r Range) String() string {
	switch {
	case r.Min != nil && r.Max != nil:
		return itoa(*r.Min) + "-" + itoa(*r.Max)
	case r.Min != nil:
		return "at least " + itoa(*r.Min)
	case r.Max != nil:
		return "at most " + itoa(*r.Max)
	}
	return "any number of"
}

// countOf reads an expected count: an integer (exact) or a {min, max}
// mapping (a range).
func countOf(n *yaml.Node) (exact *int, rng *Range) {
	if n == nil {
		return nil, nil
	}
	if n.Kind == yaml.MappingNode {
		return nil, &Range{Min: optInt(get(n, "min")), Max: optInt(get(n, "max"))}
	}
	if i, ok := intOf(n); ok {
		return &i, nil
	}
	return nil, nil
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
