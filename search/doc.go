// Package search finds the article for whatever a user pasted: a code, a
// name, a runtime's error line, or a symptom in plain words.
//
// # The index
//
// [New] indexes a [content.Corpus] once, in memory (bleve with scorch, one
// batch). One function, newMapping, defines the analysis:
//
//   - identifier fields (the article's own names and codes; the codes a KB
//     article is about and the functions that return an error) split text
//     into runs of letters, digits and underscores and only lower-case
//     them, so WSAECONNRESET, WSA_IO_PENDING, 10054, 0x2746 and 0x80072746
//     stay tokens;
//   - prose fields (Windows' message, the runtime forms from seen_as,
//     title, summary, body) use English analysis: stop words out, Porter
//     stems;
//   - pair fields hold adjacent word pairs of the same prose, so a pasted
//     line scores by how long a run of it matches Windows' text.
//
// Each field has a weight, in one table: the article's own identifiers
// weigh most, then the Windows message, the runtime forms and the title,
// then the summary and the body; a code a KB article is about weighs a
// quarter of the code an error article is.
//
// # Answering a query
//
// [Index.Search] cleans the query first: invalid UTF-8, control and
// formatting characters become spaces, spaces collapse, and the text is
// cut to [MaxQueryBytes]. If no letter or digit is left, it returns
// [ErrEmptyQuery]. The limit defaults to [DefaultLimit] and is capped at
// [MaxLimit]. Then two stages:
//
//  1. Resolve. If the whole query is one identifier ([Index.Resolve]), that
//     article comes first. Otherwise every identifier in the text that
//     names exactly one article does, in the order they appear. Recognized:
//     WSA names, aliases and POSIX names in any case (wsaeconnreset,
//     ECONNRESET, ERROR_IO_PENDING); .NET names (ConnectionReset,
//     SocketError.ConnectionReset) and Python classes (ConnectionResetError)
//     as spelled; Winsock codes from 10000 up anywhere except as a port
//     (10054, but not 10.0.0.5:10050), and smaller ones after a word that
//     makes them a code ("[WinError 995]", "error 87"); hex (0x2746) and
//     HRESULTs (0x80072746, -2147014842); errno numbers after "errno"
//     ("errno 110", "[Errno 61]"), by Linux numbering unless the text names
//     macOS or BSD, and falling back to macOS then FreeBSD when Linux has no
//     such number, while "[Errno 11001]" is Python's Winsock code; Node's
//     Windows errno (-4077); KB numbers (KB196271, KB 196271, Q196271). A
//     name that several articles share (Node's EINVAL) resolves only if one
//     of them owns it (its errno name) rather than merely shares it.
//  2. Full text. The query is analyzed once per analyzer and a disjunction
//     is built in code (never a query-string query: pasted errors are full
//     of ':', '-', '"' and brackets): a term query per word per field that
//     holds it, weighted by the field; phrase queries for each run of three
//     or more words between punctuation, on the message and runtime forms;
//     and word-pair terms. Typo tolerance is a fallback: only when no
//     identifier resolved and a word occurs in no field at all (so the
//     plain pass cannot match it) are fuzzy queries added for such words,
//     at half weight. Correctly spelled queries never pay for it.
//
// Hits are the exact ones first, then the rest by score. Each carries a
// snippet cut from the article's summary, message, runtime forms or body
// paragraphs, whichever holds the most query terms within about 200
// bytes: HTML-escaped text with <mark> around the matched words, safe to
// insert into a page.
package search
