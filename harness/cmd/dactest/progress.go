package main

import (
	"fmt"
	"io"
	"os"

	"github.com/dactest/dactest/harness/runner"
)

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressLine redraws one status line on a terminal.
func progressLine(w io.Writer) func(done, total int, r *runner.TestResult) {
	return func(done, total int, r *runner.TestResult) {
		name := r.Detection
		if len(name) > 50 {
			name = name[:47] + "..."
		}
		fmt.Fprintf(w, "\r\033[K[%d/%d] %s", done, total, name)
		if done == total {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}
