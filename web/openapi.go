package web

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/sockerr/sockerr/static"
)

// The API's OpenAPI document, static/openapi.json, is served at
// /api/v1/openapi.json, compact, with the site's base URL as its server:
// every path it describes is a site path under that URL.

// openAPIServer is how static/openapi.json, compacted, names its first
// server; the served document names the base URL there instead.
const (
	openAPIServerURL = "http://localhost:8080"
	openAPIServer    = `"servers":[{"url":"` + openAPIServerURL + `"`
)

// openAPIDocument returns the OpenAPI document for a site at base.
func openAPIDocument(base string) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, static.OpenAPI); err != nil {
		return nil, fmt.Errorf("static/openapi.json: %w", err)
	}
	doc := buf.Bytes()
	if bytes.Count(doc, []byte(openAPIServer)) != 1 {
		return nil, fmt.Errorf("static/openapi.json: want the url of its first server to be %s", openAPIServerURL)
	}
	url, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	doc = bytes.Replace(doc, []byte(openAPIServer), append([]byte(`"servers":[{"url":`), url...), 1)
	return append(doc, '\n'), nil
}
