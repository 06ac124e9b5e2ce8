// Package content is sockerr's corpus: the articles, their schema, and the
// work done once when a corpus is loaded.
//
// # Layout
//
// A corpus is an [fs.FS] holding one Markdown file per article:
//
//	errors/<NAME>.md    one error, e.g. errors/WSAECONNRESET.md or errors/EPIPE.md (kind: error)
//	kb/<NUMBER>.md      one known issue (a Microsoft KB article), e.g. kb/196271.md (kind: kb)
//	functions.tsv       the pages of Microsoft's documentation for the functions
//	                    articles name: name, URL and how the page was verified
//
// The file name without ".md" is the article's id. The built-in corpus is
// embedded in the binary ([FS]); a folder on disk can be laid over it with
// [Overlay].
//
// # Front matter
//
// Each file starts with YAML front matter between two "---" lines. Fields
// that are not listed here are an error, so a typo never silently drops data.
//
//	id          string   required; equals the file name
//	kind        string   required; "error" under errors/, "kb" under kb/
//	title       string   required; short title
//	summary     string   required; one sentence, used for previews and search
//	aliases     []string other names users paste (ERROR_IO_PENDING, Q196271)
//	seen_as     []string the error as runtimes print it, for search
//	symptoms    []string the problem in the plain words people use, for search
//	fix         []string the fix in brief: at most 6 one-line steps (inline
//	                     Markdown), shown first on the page and by lookup
//	reviewed    date     when the article was last checked against its sources (2026-12-04)
//
// Error articles also have:
//
//	code        int      the Winsock code, unique in the corpus; required unless
//	                     the error has none (a POSIX or resolver error such as
//	                     EPIPE or EAI_AGAIN), which then has errno or gai
//	family      string   the group lists show it in: a key of [Families]
//	message     string   required; the system's own message text, verbatim
//	                     (Windows' for a Winsock code, glibc's strerror otherwise)
//	messages    [{lang, text, source}]  Windows' text in other display languages
//	                     ([Languages]), one per language, each with its source:
//	                     the https URL of a public page where Windows printed
//	                     it, or where it was seen ("seen in public code files")
//	errno       {name, linux, macos, freebsd, msvc}   POSIX equivalent
//	gai         {name, glibc, musl, macos, freebsd}   getaddrinfo error (EAI_*)
//	equivalents []string ids of errors that are the same condition on another
//	                     system (EAI_AGAIN and WSATRY_AGAIN); linked both ways
//	dotnet      string   System.Net.Sockets.SocketError member
//	node        {code, errno}                         Node.js err.code / err.errno on Windows
//	python      string   Python exception class on Windows
//	java        {exception, message}                  JDK exception on Windows
//	functions   []string Winsock functions that return it
//	see_also    []string ids of related errors
//
// Known-issue articles also have:
//
//	errors      []string ids of the errors the issue concerns (required)
//	applies_to  []string products the issue applies to
//	historical  bool     the issue concerns systems long out of use (Windows
//	                     NT 3.51, 95, Visual Basic 6): listed after the others
//
// Front matter is plain YAML: anchors and aliases are refused.
//
// # Loading
//
// Only regular files up to a size limit are read: a named pipe, a device,
// a folder named like an article or a larger file is a problem. A symbolic
// link is followed as the [fs.FS] follows it; sockerr opens a content
// folder as an [os.Root], so a link may not lead out of it. Before a body
// is rendered it is checked for the shapes goldmark takes long to parse —
// block quotes and lists nested deep on one line, thousands of unclosed
// links or emphasis markers in a paragraph, tables of thousands of cells;
// the limits are in shape.go — so every file loads, or is refused, in a
// fraction of a second. For the same reason, code past a budget of bytes
// an article has highlighted (maxHighlighted) is shown as plain text.
//
// [Load] parses, validates and cross-links the whole corpus at once, and
// renders every body to HTML with goldmark (GitHub-flavoured Markdown,
// footnotes, heading ids, syntax highlighting with CSS classes; raw HTML is
// never passed through). It reports every problem it finds, not just the
// first, as one [Problems] error whose lines read "path:line: message".
//
// Cross-links are computed once: each error lists the errors that name it in
// see_also or mention it in their text ("referenced by") and the known issues
// whose errors list names it; every mention of a known error name or KB
// number in body text becomes a link (an AST transformer, so code blocks and
// existing links are left alone). A [Corpus] is immutable once loaded.
package content
