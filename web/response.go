package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/brotli"
)

// A response is an answer prepared once: its bytes in every encoding worth
// sending, its validator and its header values.
//
// The compressed encodings are added by compress, which a site runs in the
// background once it is serving: start-up is not held up by brotli, and
// until they are ready the identity bytes are served.
type response struct {
	contentType string
	etag        string // strong validator of the identity bytes, without quotes
	raw         []byte
	identity    variant
	enc         atomic.Pointer[encodings]

	// Header values, each made once and shared by every request: they are
	// only ever read.
	hType, hCache []string
	cors          bool // an API document: any origin may read it
	compressible  bool // worth compressing: the encoding depends on Accept-Encoding
}

// A variant is one encoding of a response, with its header values.
type variant struct {
	body     []byte
	encoding []string // Content-Encoding; nil for identity
	etag     []string // quoted
	length   []string
}

// encodings are the compressed forms of a response; a nil body means not
// worth it.
type encodings struct{ gz, br variant }

var (
	hVary   = []string{"Accept-Encoding"}
	hGzip   = []string{"gzip"}
	hBrotli = []string{"br"}
)

// Responses smaller than this are not compressed: the saving would not pay
// for the headers.
const minCompress = 512

func newResponse(contentType, cacheControl string, body []byte) *response {
	sum := sha256.Sum256(body)
	p := &response{
		contentType: contentType,
		etag:        hex.EncodeToString(sum[:12]),
		raw:         body,
		hType:       []string{contentType},
	}
	if cacheControl != "" {
		p.hCache = []string{cacheControl}
	}
	p.identity = p.variant(body, nil, "")
	p.compressible = len(body) >= minCompress && compressible(contentType)
	return p
}

func (p *response) variant(body []byte, encoding []string, suffix string) variant {
	return variant{body: body, encoding: encoding, etag: []string{`"` + p.etag + suffix + `"`}, length: []string{strconv.Itoa(len(body))}}
}

// compress computes the gzip and brotli encodings, once.
func (p *response) compress() {
	if p.enc.Load() != nil || !p.compressible {
		return
	}
	e := &encodings{}
	if gz := gzipBytes(p.raw); len(gz) < len(p.raw) {
		e.gz = p.variant(gz, hGzip, "-gz")
	}
	if br := brotliBytes(p.raw); len(br) < len(p.raw) {
		e.br = p.variant(br, hBrotli, "-br")
	}
	p.enc.Store(e)
}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "xml") || strings.Contains(contentType, "javascript") ||
		strings.Contains(contentType, "svg")
}

// Compressors are reused: setting one up costs more than compressing a
// page (brotli's hash tables above all).
var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression); return w }}
	brotliWriters = sync.Pool{New: func() any {
		// On these pages quality 6 is within 1% of quality 9 at a
		// quarter of the cost (2 ms against 9 ms for a 22 KB page); a
		// 256 KiB window covers any page.
		return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: 6, LGWin: 18})
	}}
)

func gzipBytes(b []byte) []byte   { return compressWith(&gzipWriters, b) }
func brotliBytes(b []byte) []byte { return compressWith(&brotliWriters, b) }

// compressor is what gzip.Writer and brotli.Writer have in common.
type compressor interface {
	io.WriteCloser
	Reset(io.Writer)
}

// compressWith compresses b with a writer from pool.
func compressWith(pool *sync.Pool, b []byte) []byte {
	var buf bytes.Buffer
	w := pool.Get().(compressor)
	w.Reset(&buf)
	w.Write(b)
	w.Close()
	pool.Put(w)
	return bytes.Clone(buf.Bytes())
}

// serve writes the response, honouring If-None-Match and Accept-Encoding:
// the variant in the best encoding the request accepts, or 304 when its
// If-None-Match already holds it.
func (p *response) serve(w http.ResponseWriter, r *http.Request) {
	v := &p.identity
	if p.compressible {
		accept := joined(r.Header["Accept-Encoding"])
		if e := p.enc.Load(); e != nil {
			switch {
			case e.br.body != nil && accepts(accept, "br"):
				v = &e.br
			case e.gz.body != nil && accepts(accept, "gzip"):
				v = &e.gz
			}
		}
	}
	h := w.Header()
	h["Content-Type"] = p.hType
	if p.hCache != nil {
		h["Cache-Control"] = p.hCache
	}
	if p.compressible {
		h["Vary"] = hVary
	}
	if p.cors {
		h["Access-Control-Allow-Origin"] = hAnyOrigin
	}
	h["Etag"] = v.etag
	if matchesETag(joined(r.Header["If-None-Match"]), p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if v.encoding != nil {
		h["Content-Encoding"] = v.encoding
	}
	h["Content-Length"] = v.length
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(v.body)
	}
}

// joined is a header's values as one list, without allocating for the
// usual single value.
func joined(values []string) string {
	if len(values) == 1 {
		return values[0]
	}
	return strings.Join(values, ",")
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
