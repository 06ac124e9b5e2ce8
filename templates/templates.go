// Package templates holds sockerr's html/template files. Each page template
// defines "main" and is parsed together with base.html, which defines the
// frame every page shares ("base").
package templates

import "embed"

// FS holds the template files.
//
//go:embed *.html
var FS embed.FS
