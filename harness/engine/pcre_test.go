package engine

import (
	"fmt"
	"sync"
	"testing"
)

// One pattern compiles to one shared rx, and its replace memo never hands
// one caller's answer to another, however the calls interleave.
func TestReplaceMemoSharedAcrossCallers(t *testing.T) {
	const pattern = `(.*\\)(?=.*(\.\w*)$|(\w+)$)` // look-ahead: the backtracking engine
	a, errA := compileRx(pattern)
	b, errB := compileRx(pattern)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if a != b {
		t.Fatal("one pattern compiled twice")
	}
	for _, c := range []struct{ in, repl, want string }{
		{`C:\x\a.exe`, "", "a.exe"},
		{`C:\x\a.exe`, "", "a.exe"}, // the memo's answer
		{`C:\x\a.exe`, `\2`, ".exea.exe"},
		{`C:\y\b.dll`, `\2`, ".dllb.dll"},
	} {
		if got := a.replace(c.in, c.repl); got != c.want {
			t.Errorf("replace(%q, %q) = %q, want %q", c.in, c.repl, got, c.want)
		}
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				in := fmt.Sprintf(`C:\Windows\dir%d\tool%d.exe`, g, i%7)
				want := fmt.Sprintf("tool%d.exe", i%7)
				repl := ""
				if i%3 == 0 {
					repl, want = `\2`, ".exe"+want // group 2 is the extension
				}
				if got := a.replace(in, repl); got != want {
					t.Errorf("replace(%q, %q) = %q, want %q", in, repl, got, want)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}
