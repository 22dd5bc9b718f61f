package ingest

import "github.com/dactest/dactest/harness/event"

// addStanza adds a compiled props stanza, noting whether it runs
// index-time transforms so that reading skips the lookup when none does.
func (a *Addons) addStanza(st *stanza) {
	a.stanzas = append(a.stanzas, st)
	for _, at := range st.attrs {
		if at.transforms != nil {
			a.hasXforms = true
		}
	}
}

// indexTransformsFor lists the TRANSFORMS- transforms of the stanzas that
// match meta: the merged classes in ASCII order of their names, each
// class's transforms in the order written (props.conf.spec).
func (a *Addons) indexTransformsFor(meta Meta) []*indexTransform {
	if a == nil || !a.hasXforms {
		return nil
	}
	key := meta.Source + "\x00" + meta.Sourcetype + "\x00" + meta.Host
	if v, ok := a.xforms.Load(key); ok {
		return v.([]*indexTransform)
	}
	var out []*indexTransform
	merged := mergeStanzas(a.stanzas, meta.Source, meta.Sourcetype, meta.Host)
	for _, k := range sortedKeys(merged) {
		out = append(out, merged[k].transforms...)
	}
	a.xforms.Store(key, out)
	return out
}

// withIndexTransforms runs ts on each event before yield sees it; an
// event a transform routes to nullQueue is not yielded. Problems pass
// through.
func withIndexTransforms(ts []*indexTransform, yield func(event.Row, *Problem) bool) func(event.Row, *Problem) bool {
	if len(ts) == 0 {
		return yield
	}
	return func(r event.Row, p *Problem) bool {
		if r != nil {
			for _, t := range ts {
				if !t.apply(r) {
					return true
				}
			}
		}
		return yield(r, p)
	}
}
