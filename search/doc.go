// Package search finds the article for whatever a user pasted: a code, a
// name, a runtime's error line, or a symptom in plain words.
//
// # The index
//
// [New] indexes a [content.Corpus] once, in memory (bleve with scorch, one
// batch). One function, newMapping, defines the analysis; every analyzer
// splits text into runs of letters, digits and underscores, so
// WSAECONNRESET, WSA_IO_PENDING, TIME_WAIT, 10054 and 0x2746 stay whole and
// the punctuation runtimes wrap around errors ("java.net.SocketException:",
// "[::1]:6379") separates:
//
//   - identifier fields only lower-case: "ident" holds the article's own
//     names and codes in every form (id, aliases, code, hex, HRESULT, errno
//     name, .NET, Node and Python names; KB numbers as 196271, KB196271,
//     Q196271); "related" holds what an article concerns without being it
//     (a KB article's errors, the functions that return an error);
//   - prose fields (Windows' message, the runtime forms from seen_as, title,
//     summary, body) are English: stop words out, Porter stems;
//   - "pairs" holds adjacent stemmed word pairs of the message, runtime
//     forms, title and summary, so a pasted line scores by how long a run
//     of it matches Windows' text.
//
// New analyzes the articles itself, on every core, with the mapping's
// analyzers, and hands bleve documents already analyzed (what bleve's
// mapping would make of them, term for term): the same pass counts how
// many articles hold each term in each field and how long the fields are,
// and records the words of the snippet passages, so no text is analyzed
// twice and nothing is read back from bleve. Only the Windows message
// keeps term vectors, for the phrase query; they change no score.
//
// Each field has a weight in one table (fields): the article's own
// identifiers weigh most, then the Windows message, the runtime forms and
// the title, then the summary and the body; a code a KB article is about
// weighs a quarter of the code an error article is. Two corrections make
// the weights mean what they say with bleve's tf-idf: each field's weight
// is scaled by the square root of its average length (bleve divides a
// match by the square root of the field's length, which would otherwise
// sink a long body next to a short title), and each term's weight uses its
// rarity in the whole corpus rather than in one field (otherwise a word
// every article uses looks rare among titles).
//
// # Answering a query
//
// [Index.Search] cleans the query first: invalid UTF-8, control and
// formatting characters become spaces, spaces collapse, and the text is
// cut to [MaxQueryBytes] at a character boundary. If no letter or digit is
// left it returns [ErrEmptyQuery]. The limit defaults to [DefaultLimit] and
// is capped at [MaxLimit]. Then two stages:
//
//  1. Resolve. If the whole query names one article ([Index.Resolve]),
//     that article comes first. Otherwise every identifier in the text
//     that names exactly one article comes first, in the order they
//     appear. Recognized: WSA names, aliases and POSIX names in any case
//     (wsaeconnreset, ECONNRESET, ERROR_IO_PENDING); .NET names
//     (SocketError.ConnectionReset, or ConnectionReset written with its
//     capitals) and Python classes (ConnectionResetError); Winsock codes
//     from 10000 up anywhere except as a port (10054, not 10.0.0.5:10050),
//     and smaller ones after a word that makes them a code ("[WinError
//     995]", "error 87", "SocketException (995)"); hex (0x2746) and HRESULTs
//     (0x80072746, -2147014842); errno numbers after "errno" ("errno 110",
//     "[Errno 61]"), by Linux numbering unless the text names macOS or BSD,
//     falling back to macOS then FreeBSD when Linux has no socket error of
//     that number, while "[Errno 11001]" is Python's Winsock code; Rust's
//     "(os error 111)"; Node's Windows errno (-4077); KB numbers (KB196271,
//     KB 196271, Q196271, 196271). A name that several articles share
//     resolves only if exactly one of them owns it (errno name, .NET name)
//     rather than merely sharing it (Node code, Python class), so
//     ECANCELED is WSAECANCELLED while ENOENT and BlockingIOError resolve
//     to nothing.
//  2. Full text. The query is analyzed once per analyzer and one bleve
//     disjunction is built in code, never a query-string query (pasted
//     errors are full of ':', '-', '"' and brackets): a term query per
//     word per field that holds it, weighted as above (a word that more
//     than a quarter of the articles hold in a field tells little and is
//     left out there; and when the term queries would match more than
//     4096 articles in all, as a pasted line of common words does in a
//     large corpus but no query of the built-in one comes near, the
//     commonest are left out, those of one document frequency at a time,
//     the rarest always kept); a phrase query for the longest run of
//     three or more words between punctuation, on the Windows message;
//     word-pair terms; and the articles resolved in stage 1, so they count
//     in the total.
//
// Typo tolerance is a fallback. Only when no identifier resolved, each
// word that no field of the index holds at all (so the plain terms cannot
// match it) gets the index terms within one edit (words up to five
// letters) or two (longer words), swaps of adjacent letters included, as
// extra term queries at half weight (one edit) or a quarter (two). If the
// nearest corrections of a word are identifiers of one article
// (WSAETIMEOUT, WSAECONNRESTE), that article comes first, not marked
// exact. Correctly spelled queries never pay for this.
//
// Hits are the resolved ones first, then those of corrected identifiers,
// then the rest by score. Each carries a
// snippet cut from the article's summary, message, runtime forms or body
// paragraphs, whichever holds the most distinct query terms (and
// corrections) within about 200 bytes: HTML-escaped text with <mark>
// around the matched words, safe to insert into a page. The words of the
// passages are analyzed when the index is built and kept in about eight
// bytes a word (the numbers of their terms and their offsets); the
// passages are cut from the article again for each hit.
//
// [Index.Resolve] is stage 1 alone, for a string meant as one identifier:
// short URLs (/10054) and the command line use it.
package search
