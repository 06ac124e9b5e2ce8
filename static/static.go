// Package static holds sockerr's style sheet, script and icons, and the
// API's OpenAPI document. The web package serves the assets under
// content-hashed names, so they can be cached forever, and the document at
// /api/v1/openapi.json.
package static

import "embed"

// FS holds the asset files.
//
//go:embed *.css *.js *.svg
var FS embed.FS

// OpenAPI is the API described as OpenAPI 3.1 (openapi.json). Its first
// server's URL is "http://localhost:8080"; the web package serves it with
// the site's base URL there.
//
//go:embed openapi.json
var OpenAPI []byte
