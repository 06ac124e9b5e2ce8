package content

import "embed"

// FS is the built-in corpus, embedded in the binary.
//
//go:embed errors/*.md kb/*.md functions.tsv
var FS embed.FS
