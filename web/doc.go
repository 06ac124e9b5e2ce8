// Package web serves sockerr over HTTP: one net/http handler, [Server], in
// which chi routes every request (see Server.routes, the table of contents
// of the site, with the middleware chain every request goes through).
//
// Every page that does not depend on the query string — the home page, the
// lists, each article, the API's documents, the sitemap — is rendered
// once when a corpus is loaded and served from memory with a strong ETag
// and gzip and brotli variants. Search pages, search JSON and scans of a
// log are computed per request; link previews, badges and embeddable
// cards are drawn on their first request and kept with the site.
//
// # URLs
//
//	/                          home: search box, the commonest errors, every error by code, the known issues
//	/errors, /kb               every error by family (with a filter); every known issue
//	/errors/{NAME}             an error article, e.g. /errors/WSAECONNRESET or /errors/EPIPE
//	/kb/{NUMBER}               a known issue, e.g. /kb/196271
//	/search?q=                 search results, rendered on the server; POST too, for long pastes
//	/scan                      a form to scan a log (pasted or a file); POST answers the report
//	/{anything}                301 to the article it names: /10054, /0x2746, /0x80072746,
//	/errors/{anything}         /wsaeconnreset, /ECONNRESET, /ConnectionReset, /KB196271,
//	/kb/{anything}             /kb/Q196271, a page's path with a slash at the end; otherwise a
//	                           404 page showing matching articles
//	/api/v1/errors             JSON: every article, summarised
//	/api/v1/errors/{anything}  JSON: one article, resolved like the short URLs
//	/api/v1/kb/{anything}      JSON: one known issue
//	/api/v1/search?q=&limit=   JSON: {"query","total","recognized","other","hits":[{"id","kind","title","url","code","match","score","snippet"}]}; POST too
//	POST /api/v1/scan          JSON: a log's socket errors, counted (package scan's Report)
//	/api/v1/openapi.json       the API, described as OpenAPI 3.1
//	/preview/{NAME}.png        an article's link preview, 1200×630; /preview/sockerr.png the site's
//	/badge/{anything}.svg      a badge of what a short URL resolves
//	/oembed?url=&format=json   oEmbed of an article's address
//	/embed/{NAME}              the embeddable card; framable only by Config.EmbedOrigins
//	/autolink.js, /autolink.css  the wiki auto-linker
//	/favicon.ico, /apple-touch-icon.png, /icon-*.png, /manifest.webmanifest
//	/static/{name}.{hash}.ext  assets, cached forever
//	/opensearch.xml, /sitemap.xml, /robots.txt
//	/healthz                   200 while the process runs
//	/readyz                    200 once content is served, saying how many articles since when, and whether
//	                           the latest reload failed or the content folder is unavailable (never the
//	                           problems: see [Server.DebugHandler]); 503 while draining
//	/metrics                   Prometheus metrics
//
// Redirects only ever point at an article's own path, never at anything
// taken from the request. When the base URL has a path
// (https://org.example/kb/sockerr), the site is served under it and every
// link it writes is under it.
//
// # Errors
//
// Handlers return errors; [Server.serveError] is the one place that turns
// them into a status and a page (or JSON under /api/). Only faults (5xx)
// are logged as errors; their details never reach the client.
//
// # Searches
//
// Searches cost CPU; pages cost almost none. A client may make
// [Config.SearchPerMinute] searches a minute (beyond, 429 with
// Retry-After, held back a second), and, whoever sends them, at most
// GOMAXPROCS searches run at once: a search that waits a second for its
// turn is answered 503 with Retry-After, and a 404 page leaves its
// suggestions out. So a flood of searches cannot bury the pages' requests
// under one runnable search per connection.
//
// # Reloading
//
// [Server.Load] builds a complete new site from a corpus and swaps it in
// atomically; a corpus with problems leaves the current site serving. A
// replaced site's search index is closed once the searches that started
// on it are done.
package web
