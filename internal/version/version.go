// Package version reports which build of sockerr is running, from the
// build information the Go toolchain records in every binary.
package version

import (
	"runtime"
	"runtime/debug"
)

// Info is a build's identity.
type Info struct {
	Version  string // the module version ("v1.2.3"), or "(devel)" for a build from a checkout
	Revision string // the VCS revision, "" when unknown
	Modified bool   // built from a checkout with uncommitted changes
	Go       string // the Go version it was built with
}

// Get returns the running binary's build information.
func Get() Info {
	info := Info{Version: "(devel)", Go: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	if bi.Main.Version != "" {
		info.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// String is the build in one line: "sockerr v1.2.3 (revision 1a2b3c4d5e6f, modified) go1.26.8".
func (i Info) String() string {
	s := "sockerr " + i.Version
	if i.Revision != "" {
		rev := i.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		s += " (revision " + rev
		if i.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + " " + i.Go
}
