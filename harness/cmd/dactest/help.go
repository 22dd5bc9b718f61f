package main

import (
	"flag"
	"fmt"
	"io"
)

// helpWanted reports whether args ask for a command's help (-h, -help,
// --help before any "--"), the forms Go's flag package answers with usage.
func helpWanted(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--h", "--help":
			return true
		}
	}
	return false
}

// parseFlags is fs.Parse with a one-line pointer to --help instead of the
// whole usage after a bad flag: the error is the line a user must see,
// and 70 lines of flags below it bury it.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if helpWanted(args) {
		return fs.Parse(args)
	}
	full := fs.Usage
	defer func() { fs.Usage = full }()
	fs.Usage = func() { briefUsage(fs.Output(), fs.Name()) }
	return fs.Parse(args)
}

func briefUsage(w io.Writer, name string) {
	fmt.Fprintf(w, "Run \"dactest %s --help\" for its flags.\n", name)
}
