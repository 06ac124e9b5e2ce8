//go:build !unix

package main

// openFileLimit is how many files the process may have open, or 0 when
// it is unlimited or unknown: here, unknown.
func openFileLimit() int { return 0 }
