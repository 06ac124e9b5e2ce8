package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
)

// assets are the static files, each served under a name that carries a hash
// of its content ("/static/style.3f9a0c1d.css"), so browsers and CDNs may
// cache them forever, and under its plain name with a short lifetime.
type assets struct {
	urls  map[string]string    // logical name → hashed URL
	files map[string]*response // URL path → response
}

// bundles are served as one file made of several, in order.
var bundles = map[string][]string{
	"style.css": {"style.css", "chroma.css"},
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{urls: map[string]string{}, files: map[string]*response{}}
	names, err := fs.Glob(fsys, "*")
	if err != nil {
		return nil, err
	}
	inBundle := map[string]bool{}
	for _, parts := range bundles {
		for _, p := range parts[1:] {
			inBundle[p] = true
		}
	}
	for _, name := range names {
		if inBundle[name] {
			continue
		}
		parts := bundles[name]
		if parts == nil {
			parts = []string{name}
		}
		var body []byte
		for _, p := range parts {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, fmt.Errorf("static asset %s: %w", p, err)
			}
			body = append(body, b...)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.urls[name] = hashed
		a.files[hashed] = newResponse(ctype, "public, max-age=31536000, immutable", body)
		a.files["/static/"+name] = newResponse(ctype, "public, max-age=300", body)
	}
	return a, nil
}

// url returns the hashed URL of a logical asset name. Templates call it; an
// unknown name is a bug caught when the templates first execute.
func (a *assets) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("unknown asset %q", name)
	}
	return u, nil
}
