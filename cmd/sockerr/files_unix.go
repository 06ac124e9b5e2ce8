//go:build unix

package main

import (
	"math"
	"syscall"
)

// openFileLimit is how many files the process may have open, or 0 when
// it is unlimited or unknown.
func openFileLimit() int {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil || r.Cur > math.MaxInt32 {
		return 0
	}
	return int(r.Cur)
}
