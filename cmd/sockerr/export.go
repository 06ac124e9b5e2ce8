package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/sockerr/sockerr/web"
)

// export writes the site as static files: each HTML page as
// PATH/index.html, each JSON document as PATH/index.json (unless its path
// ends in .json, as /api/v1/openapi.json does), other documents and assets
// under their own names, each with .gz and .br siblings for
// servers that serve precompressed files (nginx gzip_static, brotli_static).
type exportOptions struct{ baseURL, dir *string }

func exportFlags(fs *flag.FlagSet) exportOptions {
	return exportOptions{
		baseURL: fs.String("base-url", envOr("SOCKERR_BASE_URL", "http://localhost:8080"), "absolute URL the exported site will be served at"),
		dir:     fs.String("content", os.Getenv("SOCKERR_CONTENT"), "folder of articles laid over the built-in ones"),
	}
}

func export(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlagSet("export", stderr)
	o := exportFlags(flags)
	rest, code, ok := parseFlags(flags, args)
	if !ok {
		return code
	}
	if len(rest) != 1 {
		flags.Usage()
		return 2
	}
	out, baseURL, dir := rest[0], o.baseURL, o.dir
	fsys, _, release, err := corpusFS(*dir, false)
	if err != nil {
		fmt.Fprintf(stderr, "sockerr export: %v\n", err)
		return 1
	}
	defer release()
	srv, err := web.New(web.Config{BaseURL: *baseURL})
	if err != nil {
		fmt.Fprintf(stderr, "sockerr export: %v\n", err)
		return 2
	}
	if err := srv.Load(fsys); err != nil {
		fmt.Fprintf(stderr, "sockerr export: the content failed to load:\n%v\n", err)
		return 1
	}
	n := 0
	err = srv.Export(func(f web.ExportedFile) error {
		name := exportName(f.Path, f.ContentType)
		full := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, f.Body, 0o644); err != nil {
			return err
		}
		for ext, b := range map[string][]byte{".gz": f.Gzip, ".br": f.Brotli} {
			if b != nil {
				if err := os.WriteFile(full+ext, b, 0o644); err != nil {
					return err
				}
			}
		}
		n++
		return nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "sockerr export: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "exported %d files to %s\n", n, out)
	return 0
}

// exportName is the file that holds the document at urlPath.
func exportName(urlPath, contentType string) string {
	p := strings.TrimPrefix(urlPath, "/")
	switch {
	case strings.HasPrefix(contentType, "text/html") && !strings.HasSuffix(p, ".html"):
		return path.Join(p, "index.html")
	case contentType == "application/json" && !strings.HasSuffix(p, ".json"):
		return path.Join(p, "index.json")
	}
	return p
}
