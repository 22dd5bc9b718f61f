package engine

import (
	"github.com/dactest/dactest/harness/event"
)

// kind is the dynamic type of an eval result. Field values enter eval as
// strings and are read as numbers where an operator needs one, as Splunk's
// eval does.
type kind uint8

const (
	kNull kind = iota
	kStr
	kNum
	kBool
	kMV
)

// val is one eval-time value.
type val struct {
	k kind
	s string
	n float64
	b bool
	// mv holds a multivalue's items. A single string read from a field
	// keeps the field's value here too, so an EVAL that copies a field
	// (add-ons do, dozens per event) stores it back without a new slice.
	mv []string
}

var (
	nullVal  = val{}
	trueVal  = val{k: kBool, b: true}
	falseVal = val{k: kBool}
)

func strVal(s string) val      { return val{k: kStr, s: s} }
func numVal(f float64) val     { return val{k: kNum, n: f} }
func boolVal(b bool) val       { return val{k: kBool, b: b} }
func (v val) isNull() bool     { return v.k == kNull }
func (v val) truthy() bool     { return v.k == kBool && v.b }
func mvVal(items []string) val { return fromValue(event.Value(items)) }

// fromValue lifts a field value into eval.
func fromValue(v event.Value) val {
	switch len(v) {
	case 0:
		return nullVal
	case 1:
		return val{k: kStr, s: v[0], mv: v[:1:1]} // cap 1: an append copies
	}
	return val{k: kMV, mv: v}
}

// toValue lowers an eval result into a field value. Booleans never reach a
// field: compile rejects assigning them, as Splunk does.
func (v val) toValue() event.Value {
	switch v.k {
	case kStr:
		if len(v.mv) == 1 {
			return v.mv
		}
		return event.Value{v.s}
	case kNum:
		return event.Value{event.FormatNumber(v.n)}
	case kBool:
		if v.b {
			return event.Value{"true"}
		}
		return event.Value{"false"}
	case kMV:
		return event.Value(v.mv)
	}
	return nil
}

// num reads the value as a number: numbers, numeric strings, and the first
// element of a multivalue.
func (v val) num() (float64, bool) {
	switch v.k {
	case kNum:
		return v.n, true
	case kStr:
		return event.ParseNumber(v.s)
	case kMV:
		return event.ParseNumber(v.mv[0])
	}
	return 0, false
}

// str renders the value as text; false for null and booleans.
func (v val) str() (string, bool) {
	switch v.k {
	case kStr:
		return v.s, true
	case kNum:
		return event.FormatNumber(v.n), true
	case kMV:
		return v.mv[0], true
	}
	return "", false
}

// items lists the value's elements as text (one for single values).
func (v val) items() []string {
	switch v.k {
	case kMV:
		return v.mv
	case kNull, kBool:
		return nil
	}
	s, _ := v.str()
	return []string{s}
}
