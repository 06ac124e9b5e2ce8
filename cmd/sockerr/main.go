// Command sockerr serves the sockerr knowledge base of socket errors, and
// answers, checks, scans and exports from the command line. Run
// "sockerr help" for every command and flag.
//
// serve is the default command. SOCKERR_ADDR, SOCKERR_CONTENT and
// SOCKERR_BASE_URL set the defaults of the flags of the same names.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/sockerr/sockerr/internal/version"
)

// A command is one of sockerr's subcommands.
type command struct {
	name    string
	args    string // its arguments after the flags, for the usage
	summary string
	// flags defines the command's flags on a flag set; the command's run
	// calls it too, so the usage lists exactly what is parsed.
	flags func(*flag.FlagSet) any
	run   func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands is every command, in the order the usage lists them.
var commands []command

func init() {
	commands = []command{
		{"serve", "", "serve the site (the default command)", func(fs *flag.FlagSet) any { return serveFlags(fs) }, serve},
		{"lookup", "[ANYTHING | -]...", "answer in the terminal: a code, name, message or stack-trace line; with - or\nnothing on a pipe, read the queries from standard input, one a line; exit 1\nwhen nothing is recognised with confidence", func(fs *flag.FlagSet) any { return lookupFlags(fs) }, lookup},
		{"check", "[DIR]", "validate a corpus (DIR laid over the built-in one, or the built-in one alone);\nprint every problem as file:line: message; exit 1 on any", func(fs *flag.FlagSet) any { return checkFlags(fs) }, check},
		{"scan", "[FILE | -]...", "count the socket errors in logs, plain or gzip (- or nothing on a pipe: standard\ninput): each error's count, first and last line and time, the fix in brief, its\nlink and a sample line; exit 1 when there is none, 2 when a log cannot be read", func(fs *flag.FlagSet) any { return scanFlags(fs) }, scanLogs},
		{"export", "DIR", "write the whole site as static files into DIR", func(fs *flag.FlagSet) any { return exportFlags(fs) }, export},
		{"probe", "URL", "exit 0 if URL answers 200 (a container health check)", nil, probe},
		{"version", "", "print the build's version and revision", nil, printVersion},
		{"help", "", "print this usage", nil, help},
	}
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs one command and returns the process's exit code: 0 for success,
// 1 when the command failed or found nothing, 2 for a usage error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help":
			name, args = "help", args[1:]
		case "-version", "--version":
			name, args = "version", args[1:]
		default:
			if !strings.HasPrefix(args[0], "-") {
				name, args = args[0], args[1:]
			}
		}
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, args, stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "sockerr: unknown command %q\n\n", name)
	writeUsage(stderr)
	return 2
}

func help(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) int {
	writeUsage(stdout)
	return 0
}

func printVersion(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) int {
	fmt.Fprintln(stdout, version.Get())
	return 0
}

// writeUsage writes the usage of every command, with its flags as the
// flag sets define them.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, "sockerr — Winsock and socket errors explained\n\nUsage:\n")
	for _, c := range commands {
		writeCommandUsage(w, c)
	}
	fmt.Fprint(w, "\nEnvironment: SOCKERR_ADDR, SOCKERR_CONTENT and SOCKERR_BASE_URL set the\ndefaults of --addr, --content and --base-url.\n")
}

func writeCommandUsage(w io.Writer, c command) {
	line := "  sockerr " + c.name
	if c.flags != nil {
		line += " [flags]"
	}
	if c.args != "" {
		line += " " + c.args
	}
	fmt.Fprintln(w, line)
	for _, l := range strings.Split(c.summary, "\n") {
		fmt.Fprintln(w, "        "+l)
	}
	if c.flags != nil {
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			fmt.Fprintln(w, "    "+l)
		}
	}
}

// newFlagSet returns the flag set of a command, reporting to stderr.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintln(stderr, "Usage:")
				writeCommandUsage(stderr, c)
			}
		}
	}
	return fs
}

// parseFlags parses a command's arguments: flags may come before, between
// or after the others, and a negative number (a signed HRESULT such as
// -2147014842, a Node errno such as -4077) is an argument, not a flag. It
// returns the other arguments, and whether to go on: on -h the command's
// usage has been written (exit 0), on an error the problem (exit 2).
func parseFlags(fs *flag.FlagSet, args []string) (rest []string, code int, ok bool) {
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			rest = append(rest, args[1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" || negativeNumber.MatchString(a) {
			rest, args = append(rest, a), args[1:]
			continue
		}
		// A flag, and its value when it takes one and is not written
		// with "=".
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		n := 1
		if f := fs.Lookup(name); f != nil && !hasValue && !isBoolFlag(f) {
			n = min(2, len(args))
		}
		if err := fs.Parse(args[:n]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(io.Discard)
				return nil, 0, false
			}
			return nil, 2, false
		}
		args = args[n:]
	}
	return rest, 0, true
}

var negativeNumber = regexp.MustCompile(`^-\d`)

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
