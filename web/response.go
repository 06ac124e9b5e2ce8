package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// A response is an answer prepared once: its bytes in every encoding worth
// sending, its validator and its headers. Serving one copies bytes and
// nothing else.
type response struct {
	contentType  string
	cacheControl string
	etag         string // strong validator of the identity bytes, without quotes
	raw, gz, br  []byte
	length       [3]string // Content-Length of raw, gz and br
}

// Responses smaller than this are not compressed: the saving would not pay
// for the headers.
const minCompress = 512

func newResponse(contentType, cacheControl string, body []byte) *response {
	sum := sha256.Sum256(body)
	p := &response{
		contentType:  contentType,
		cacheControl: cacheControl,
		etag:         hex.EncodeToString(sum[:12]),
		raw:          body,
	}
	if len(body) >= minCompress && compressible(contentType) {
		p.gz = gzipBytes(body)
		p.br = brotliBytes(body)
		if len(p.gz) >= len(body) {
			p.gz = nil
		}
		if len(p.br) >= len(body) {
			p.br = nil
		}
	}
	p.length = [3]string{strconv.Itoa(len(p.raw)), strconv.Itoa(len(p.gz)), strconv.Itoa(len(p.br))}
	return p
}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "xml") || strings.Contains(contentType, "javascript") ||
		strings.Contains(contentType, "svg")
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func brotliBytes(b []byte) []byte {
	var buf bytes.Buffer
	// Quality 9 is within a few percent of 11 at a fraction of the
	// start-up cost.
	bw := brotli.NewWriterLevel(&buf, 9)
	bw.Write(b)
	bw.Close()
	return buf.Bytes()
}

// serve writes the response, honouring If-None-Match and Accept-Encoding.
func (p *response) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	if p.cacheControl != "" {
		h.Set("Cache-Control", p.cacheControl)
	}
	body, enc, etag, length := p.raw, "", p.etag, p.length[0]
	if p.gz != nil || p.br != nil {
		h.Add("Vary", "Accept-Encoding")
		ae := r.Header.Get("Accept-Encoding")
		switch {
		case p.br != nil && accepts(ae, "br"):
			body, enc, etag, length = p.br, "br", p.etag+"-br", p.length[2]
		case p.gz != nil && accepts(ae, "gzip"):
			body, enc, etag, length = p.gz, "gzip", p.etag+"-gz", p.length[1]
		}
	}
	h.Set("ETag", `"`+etag+`"`)
	if matchesETag(r.Header.Get("If-None-Match"), p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	h.Set("Content-Length", length)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// accepts reports whether an Accept-Encoding header allows coding: named
// (or "*") with a q-value above zero.
func accepts(header, coding string) bool {
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if !strings.EqualFold(name, coding) && name != "*" {
			continue
		}
		q := 1.0
		for params != "" {
			var p string
			p, params, _ = strings.Cut(params, ";")
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if q > 0 {
			return true
		}
		if name != "*" {
			return false
		}
	}
	return false
}

// matchesETag reports whether an If-None-Match header names any encoding of
// the resource whose identity validator is etag.
func matchesETag(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" {
			return true
		}
		tag = strings.TrimPrefix(tag, "W/")
		tag = strings.Trim(tag, `"`)
		base := strings.TrimSuffix(strings.TrimSuffix(tag, "-gz"), "-br")
		if base == etag {
			return true
		}
	}
	return false
}
