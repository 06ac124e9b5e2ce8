// Package web serves sockerr over HTTP with chi.
//
// Every page that does not depend on the query string — the home page, each
// article, the API's article JSON, the sitemap — is rendered once when a
// corpus is loaded and served from memory with a strong ETag and gzip and
// brotli variants. Search pages and search JSON are computed per request.
//
// [Server] is a net/http handler (chi routes the site). [Server.FastHTTPHandler]
// puts it behind fasthttp, which `sockerr serve` runs: the prepared responses
// are answered there directly, everything else goes to the same handler.
//
// # URLs
//
//	/                          home: search box, every error by code, the known issues
//	/errors/{NAME}             an error article, e.g. /errors/WSAECONNRESET
//	/kb/{NUMBER}               a known issue, e.g. /kb/196271
//	/search?q=                 search results, rendered on the server
//	/{anything}                301 to the article it names: /10054, /0x2746, /0x80072746,
//	/errors/{anything}         /wsaeconnreset, /ECONNRESET, /ConnectionReset, /KB196271,
//	/kb/{anything}             /kb/Q196271; otherwise a 404 page showing matching articles
//	/api/v1/errors             JSON: every article, summarised
//	/api/v1/errors/{anything}  JSON: one article, resolved like the short URLs
//	/api/v1/kb/{anything}      JSON: one known issue
//	/api/v1/search?q=&limit=   JSON: {"query","total","hits":[{"id","kind","title","url","code","score","snippet"}]}
//	/static/{name}.{hash}.ext  assets, cached forever
//	/opensearch.xml, /sitemap.xml, /robots.txt
//	/healthz                   200 while the process runs
//	/readyz                    200 once content is served, saying how many articles since when, and whether
//	                           the latest reload failed or the content folder is unavailable (never the
//	                           problems: see [Server.DebugHandler]); 503 while draining
//	/metrics                   Prometheus metrics
//
// Redirects only ever point at an article's own path, never at anything
// taken from the request.
//
// # Errors
//
// Handlers return errors; [Server.serveError] is the one place that turns
// them into a status and a page (or JSON under /api/). Only faults (5xx)
// are logged as errors; their details never reach the client.
//
// # Reloading
//
// [Server.Load] builds a complete new site from a corpus and swaps it in
// atomically; a corpus with problems leaves the current site serving.
package web
