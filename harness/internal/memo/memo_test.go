package memo

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestGetBuildsOncePerKey(t *testing.T) {
	var m Map[string, int]
	var builds atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			k := []string{"a", "b"}[i%2]
			if got := m.Get(k, func() int { builds.Add(1); return len(k) }); got != 1 {
				t.Errorf("Get(%s) = %d", k, got)
			}
		}(i)
	}
	wg.Wait()
	if n := builds.Load(); n != 2 {
		t.Errorf("%d builds for 2 keys", n)
	}
}
