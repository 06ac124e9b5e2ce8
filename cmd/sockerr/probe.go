package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// probe GETs a URL and exits 0 on a 200: a health check for images that
// have no shell or curl.
func probe(_ context.Context, args []string, _ io.Reader, _, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: sockerr probe URL")
		return 2
	}
	c := &http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "sockerr probe: %v\n", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "sockerr probe: %s answered %s\n", args[0], resp.Status)
		return 1
	}
	return 0
}
