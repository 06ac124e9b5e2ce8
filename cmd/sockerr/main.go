// Command sockerr serves the sockerr knowledge base of socket errors, and
// checks, exports and queries its corpus from the command line.
//
// Usage:
//
//	sockerr [serve] [--addr :8080] [--content DIR] [--base-url URL]
//	sockerr lookup ANYTHING [--json] [--base-url URL]
//	sockerr check [DIR]
//	sockerr export DIR [--base-url URL]
//
// serve is the default. SOCKERR_ADDR, SOCKERR_CONTENT and SOCKERR_BASE_URL
// set the defaults of the flags of the same names.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `sockerr — Winsock and socket errors explained

Usage:
  sockerr [serve] [--addr :8080] [--content DIR] [--base-url URL]
        serve the site (the default command)
  sockerr lookup ANYTHING [--json] [--base-url URL]
        answer in the terminal: a code, name, message or stack-trace line
  sockerr check [DIR]
        validate a corpus (DIR laid over the built-in one, or the built-in
        one alone); print every problem as file:line: message; exit 1 on any
  sockerr export DIR [--base-url URL]
        write the whole site as static files into DIR
  sockerr probe URL
        exit 0 if URL answers 200 (a container health check)

Environment: SOCKERR_ADDR, SOCKERR_CONTENT, SOCKERR_BASE_URL set the
defaults of --addr, --content and --base-url.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run runs one command and returns the process's exit code: 0 for success,
// 1 when the command failed or found nothing, 2 for a usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stderr)
	case "check":
		return check(args, stdout, stderr)
	case "lookup":
		return lookup(args, stdout, stderr)
	case "export":
		return export(args, stdout, stderr)
	case "probe":
		return probe(args, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "sockerr: unknown command %q\n\n%s", cmd, usage)
	return 2
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
