// Package search finds the article for whatever a user pasted: a code, a
// name, a runtime's error line, a stack trace, a Windows message in any
// display language, or a symptom in plain words; and says how sure it is,
// including when the text is not a socket error at all.
//
// # The index
//
// [New] indexes a [content.Corpus] once, in memory: bleve with scorch, one
// batch, documents mapped by one function, newMapping. Identifier fields
// keep names, codes and hex whole (WSAECONNRESET, WSA_IO_PENDING, 10054,
// 0x2746); prose fields are English (stop words out, Porter stems); word
// pairs of the short texts score a pasted line by the length of the run it
// shares with them; the localized messages go through bleve's cjk analyzer,
// which pairs Chinese, Japanese and Korean characters, since those
// languages do not space their words. Each field has one weight (fields).
// How many articles hold each term of each field is read once from bleve's
// field dictionaries.
//
// # Answering a query
//
// [Index.Search] cleans the text (invalid UTF-8 and control characters
// become spaces; at most [MaxQueryBytes], cut at a character boundary) and
// returns [ErrEmptyQuery] when nothing is left to search. Then:
//
//  1. Recognise. If the whole text names one article ([Index.Resolve]),
//     that is the answer. Otherwise the recognizer finds every socket
//     error the text mentions: identifiers in context (WSA, POSIX, .NET,
//     Node and Python names; Winsock codes, hex and HRESULTs; "errno N",
//     "[WinError N]", "(os error N)"; KB numbers) and message texts
//     (Windows' own in every language the corpus has, the BSD texts of
//     errors only sockets report, the runtime forms the articles list).
//     Each article a mention names for sure is an exact hit, in the order
//     they appear, except that a Java trace's last "Caused by:" (its root
//     cause) comes first. A generic POSIX name (EACCES, EINTR) names a
//     socket error for sure only in a text about sockets; otherwise its
//     article is at most likely.
//  2. Full text. The text is analyzed with each analyzer of the mapping
//     (network addresses left out: they say where, not what) and one bleve
//     disjunction is built in code, never a query-string query: a term
//     query per term and field that holds it, weighted by the field, left
//     out where more than a quarter of the articles hold the term (such a
//     word tells little: "connection", "System.Net"); the domain's
//     synonyms at half weight ("dynamic port" also searches "ephemeral
//     port"); and, when nothing was recognised, fuzzy queries for the
//     words the index does not hold, so a typo still finds its article. A
//     long paste keeps its rarest terms.
//  3. Judge. Each hit says how sure it is ([Match]): exact when recognised
//     in step 1, or when most of one of its message texts is in the query;
//     likely when most words of one of its strong values (message, runtime
//     form, symptom, title) are, or those values hold nearly all the query
//     says; possible otherwise. Exact hits come first, then likely, then
//     possible, each by score. When no hit is exact or likely, the text was
//     not recognised as a socket error, and [Result.Other] says what it is
//     when it can tell: a file-system error, another Windows error, an HTTP
//     status, a TLS certificate failure, a test-runner timeout.
//
// Snippets are bleve's highlights of the stored fields: the fragment that
// marks the most words of the query, escaped HTML with <mark> around the
// matched words, adjacent marks joined so a phrase or a dotted name is one.
//
// [Index.Resolve] is step 1 alone, for a string meant as one identifier:
// short URLs (/10054) and the command line use it. A [Recognizer] is step
// 1's recognizer alone, for reading logs: [NewRecognizer] builds it without
// the full-text index, and [Recognizer.RecognizeLines] reads a buffer of
// lines at once.
package search
