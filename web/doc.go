// Package web serves sockerr over HTTP with chi.
//
// Every page that does not depend on the query string — the home page, each
// article, the API's article JSON, the OpenAPI document, the sitemap — is
// rendered once when a corpus is loaded and served from memory with a
// strong ETag and gzip and brotli variants. Search pages and search JSON
// are computed per request; previews, badges and cards are drawn on first
// request and kept with the site.
//
// [Server] is a net/http handler; chi routes every request (see
// [Server.routes]).
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
//	/api/v1/errors             JSON: {"total","errors","known_issues"}, every article summarised
//	/api/v1/errors/{anything}  JSON: one article, resolved like the short URLs
//	/api/v1/kb/{anything}      JSON: one known issue, likewise
//	/api/v1/search?q=&limit=   JSON: {"query","total","recognized","other","hits":[{"id","kind",
//	                           "title","url","code","match","score","snippet"}]}; also POST, with
//	                           the paste as a form, JSON {"q","limit"} or text/plain
//	/api/v1/openapi.json       the API as OpenAPI 3.1 (static/openapi.json), the base URL its server
//	/oembed?url=&format=json   oEmbed of an article's page or short URL
//	/embed/{anything}          the card /oembed frames, framable by Config.EmbedOrigins only
//	/badge/{anything}.svg      an SVG badge of what a short URL resolves; 404 with a "not found" badge
//	/preview/{ID}.png          an article's 1200×630 link preview; /preview/sockerr.png, the site's
//	/static/{name}.{hash}.ext  assets, cached forever
//	/autolink.js               the wiki auto-linker (README: "Link error codes from your wiki")
//	/autolink.css              its styles; both at addresses that stay, cached for minutes
//	/opensearch.xml, /sitemap.xml, /robots.txt
//	/favicon.ico, /icon-*.png, /apple-touch-icon.png, /manifest.webmanifest
//	/healthz                   200 while the process runs
//	/readyz                    200 once content is served; says so when a reload failed; 503 while draining
//	/metrics                   Prometheus metrics
//
// Redirects only ever point at an article's own path, never at anything
// taken from the request.
//
// # Errors
//
// Handlers return errors; [Server.serveError] is the one place that turns
// them into a status and a page (or JSON under /api/: {"error": "…"}). Only
// faults (5xx) are logged as errors; their details never reach the client.
// static/openapi.json lists the statuses each API address answers, and
// openapi_test.go gets every one of them from the handler.
//
// # Reloading
//
// [Server.Load] builds a complete new site from a corpus and swaps it in
// atomically; a corpus with problems leaves the current site serving.
package web
