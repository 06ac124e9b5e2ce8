// Package scan reads a log and reports every socket error in it: which
// errors, how many times, where each was first and last seen, and a sample
// line. It is what "sockerr scan" prints, and what a web page that takes
// an uploaded log renders.
//
// # What counts
//
// Every line is read by the search package's recognizer
// ([search.Recognizer]), the one definition of what mentions a socket
// error; scan recognises nothing itself. Only mentions the recognizer is
// sure of count: a generic POSIX name such as EACCES in a line that says
// nothing of sockets does not. A line counts once for each article it
// mentions, however many times it names it ("SocketException (10054): An
// existing connection was forcibly closed" is one WSAECONNRESET).
//
// # Reading
//
// A [Scanner] reads one or more logs, each an [io.Reader], and adds up
// what it finds; [Log] scans one. Memory does not grow with the input:
// the log is read into one buffer of [MaxLineBytes], whose whole lines
// the recognizer reads at once ([search.Recognizer.RecognizeLines]), and
// the report holds one row per article.
//
//   - A log that starts with gzip's magic bytes (1f 8b) is decompressed,
//     whatever its name; concatenated gzip members are one log.
//   - Lines end at "\n"; a "\r" at a line's end is dropped. Line numbers start
//     at 1.
//   - Of a line longer than [MaxLineBytes], only its first MaxLineBytes are
//     examined; the rest is read and counted but not looked at, and the
//     report counts such lines ([Report.LongLines]).
//   - Invalid UTF-8, NUL bytes and other binary junk are read like any
//     other bytes: the recognizer finds what it knows in them and nothing
//     else. Samples are made printable (see [Row.Sample]).
//   - A limit (see [Scanner.Scan]) stops reading after that many bytes of
//     log, counted after decompression, so a small gzip bomb costs no more
//     than the limit; [Input.Limited] says there was more.
//   - When reading fails (an unreadable file, a gzip stream that ends
//     early or is corrupt), Scan returns the error, and the report still
//     holds every line read before it. A gzip stream that ends early is
//     [ErrTruncated].
//
// # Timestamps
//
// When a line with a socket error starts with a timestamp in one of these
// forms, its row records it, as written:
//
//	2024-05-01T10:00:00Z            RFC 3339 / ISO 8601: a "T" or a space
//	2024-05-01 10:00:00,123         between date and time, optional fraction
//	2024-05-01T10:00:00.5+02:00     ("." or ","), optional zone (Z, ±hh:mm,
//	[2024-05-01 10:00:00]           ±hhmm), optionally in square brackets
//	2024/05/01 10:00:00             Go's log package, optional fraction
//	May  1 10:00:00                 syslog (RFC 3164)
//	[01/May/2024:10:00:00 +0000]    the Common Log Format of web servers
//
// The line's own timestamp only: a stack trace's later lines, which carry
// none, leave it empty.
//
// # JSON
//
// A [Report] marshals to JSON with these keys:
//
//	errors       one object per article, most frequent first:
//	  id         the article's id: WSAECONNRESET, or a KB number
//	  code       its Winsock code (absent for a KB article)
//	  title      its title
//	  url        its page's path on the site: /errors/WSAECONNRESET
//	  count      lines that mention it
//	  first      where it was first seen: {"file", "line", "time"}; file
//	  last       and time are absent when unknown
//	  sample     the first line that mentions it, printable, and cut to
//	             at most 200 of its bytes around the mention
//	  mark       where the mention is in sample: [start, end), in bytes
//	lines        lines read
//	bytes        bytes of log read (after decompression)
//	error_lines  lines that mention at least one socket error
//	long_lines   lines longer than MaxLineBytes, of which only the start
//	             was examined
//	inputs       one object per log read: {"name", "gzip", "lines",
//	             "bytes", "limited", "error"}; error says why reading
//	             stopped early, limited that the log went on past the limit
package scan
