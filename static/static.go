// Package static holds sockerr's style sheet, script and icons. The web
// package serves them under content-hashed names, so they can be cached
// forever.
package static

import "embed"

// FS holds the asset files.
//
//go:embed *.css *.js *.svg
var FS embed.FS
