// Package memo computes a value once per key, however many goroutines ask
// for it at the same time: the others wait for the one computation. The
// runner reads each dataset once and compiles each detection once with it;
// the engine computes each data-model membership once per dataset.
package memo

import "sync"

// Map holds one lazily computed value per key. The zero Map is ready.
type Map[K comparable, V any] struct {
	mu    sync.Mutex
	slots map[K]*slot[V]
}

type slot[V any] struct {
	once sync.Once
	v    V
}

// Get returns the value for k, calling build for it on first use only.
func (m *Map[K, V]) Get(k K, build func() V) V {
	m.mu.Lock()
	if m.slots == nil {
		m.slots = map[K]*slot[V]{}
	}
	s, ok := m.slots[k]
	if !ok {
		s = &slot[V]{}
		m.slots[k] = s
	}
	m.mu.Unlock()
	s.once.Do(func() { s.v = build() })
	return s.v
}
