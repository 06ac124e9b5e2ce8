package search

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sockerr/sockerr/content"
)

// Resolve returns the article that s names exactly, as a whole: a code
// ("10054"), hex ("0x2746", or "2746" when no decimal code matches), an
// HRESULT ("0x80072746", "-2147014842"), a name in any case
// ("wsaeconnreset", "ECONNRESET", "ConnectionReset",
// "SocketError.ConnectionReset"), a KB number ("KB196271", "Q196271",
// "KB 196271", "196271"), an alias, or one of these with the words people
// put around them ("[WinError 10054]", "errno 104", "errno 54 macOS").
// It returns nil when s names no article or more than one.
func (x *Index) Resolve(s string) *content.Article {
	s = clean(s)
	if len(s) > maxResolveBytes {
		return nil
	}
	return x.res.whole(s, wordsOf(s))
}

// whole returns the article that q, cut into words ws, names as a whole.
func (r *resolver) whole(q string, ws []word) *content.Article {
	ms, all := r.scan(q, ws, true)
	if !all || len(ms) == 0 {
		return nil
	}
	var a *content.Article
	for _, m := range ms {
		if len(m.arts) != 1 || a != nil && m.arts[0] != a {
			return nil
		}
		a = m.arts[0]
	}
	return a
}

// generic are the POSIX errors that are not about sockets: a file, a
// process or a pipe reports them as often. Their names name a Winsock
// error only when the text is about sockets (see socketWords).
var generic = set("EINTR", "EBADF", "EACCES", "EFAULT", "EINVAL", "EMFILE", "ENFILE", "EAGAIN",
	"ENAMETOOLONG", "ENOTEMPTY", "ELOOP", "EDQUOT", "ESTALE", "EUSERS", "EREMOTE", "EPROCLIM",
	"ENOENT", "ENOMEM", "EPERM", "ECANCELED", "ENOSYS", "EIO", "EEXIST", "EBUSY", "EWOULDBLOCK", "EOPNOTSUPP", "EPIPE",
	// Python's OSError classes that files, pipes and processes raise too.
	"PERMISSIONERROR", "INTERRUPTEDERROR", "BLOCKINGIOERROR", "BROKENPIPEERROR", "TIMEOUTERROR", "OSERROR",
	"FILENOTFOUNDERROR", "FILEEXISTSERROR", "PROCESSLOOKUPERROR")

// socketWords say that a text is about sockets.
var socketWords = set("socket", "sockets", "connect", "connectex", "bind", "listen", "accept", "send", "sendto",
	"sendmsg", "recv", "recvfrom", "recvmsg", "wsarecv", "wsasend", "wsasendto", "wsarecvfrom", "setsockopt",
	"getsockopt", "getaddrinfo", "getaddrinfow", "gethostbyname", "tcp", "udp", "winsock", "wsastartup",
	"port", "dial", "network", "host", "socketexception", "sockets")

// aboutSockets reports whether the words ws say the text is about sockets.
func aboutSockets(ws []word) bool {
	for _, w := range ws {
		if socketWords[w.lower] || strings.HasPrefix(w.lower, "wsa") {
			return true
		}
	}
	return false
}

// maxResolveBytes bounds what Resolve reads: no identifier is longer.
const maxResolveBytes = 128

// A tier says how firmly a name belongs to an article. When a name
// matches several articles, only those of the best tier count.
type tier int8

const (
	own    tier = iota // the id, an alias, a KB number, the errno name, the .NET name
	shared             // names runtimes reuse for several errors: Node codes, Python classes
)

type candidate struct {
	a        *content.Article
	tier     tier
	camel    bool   // a .NET or Python name: in running text it must be written as spelled
	generic  bool   // a POSIX name that is not only about sockets (see generic)
	spelling string // as written in the front matter
}

// resolver finds identifiers in text. Everything it knows comes from the
// articles' front matter.
type resolver struct {
	c     *content.Corpus
	names map[string][]candidate        // upper-cased name → candidates
	errno [3]map[int][]*content.Article // POSIX errno number on linux, macos, freebsd
	gai   map[int][]*content.Article    // getaddrinfo error number in glibc, negated ([Errno -3])
	node  map[int][]*content.Article    // Node.js err.errno on Windows (-4077)
}

const (
	linux = iota
	macos
	freebsd
)

func newResolver(c *content.Corpus) *resolver {
	r := &resolver{c: c, names: map[string][]candidate{}, gai: map[int][]*content.Article{}, node: map[int][]*content.Article{}}
	for i := range r.errno {
		r.errno[i] = map[int][]*content.Article{}
	}
	add := func(name string, a *content.Article, t tier, camel bool) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		key := strings.ToUpper(name)
		r.names[key] = append(r.names[key], candidate{a, t, camel, generic[key], name})
	}
	addNum := func(m map[int][]*content.Article, n int, a *content.Article) {
		if n != 0 && !slices.Contains(m[n], a) {
			m[n] = append(m[n], a)
		}
	}
	for _, a := range c.Articles() {
		add(a.ID, a, own, false)
		for _, al := range a.Aliases {
			add(al, a, own, false)
		}
		if a.Kind == content.KindKB {
			add("KB"+a.ID, a, own, false)
			add("Q"+a.ID, a, own, false)
			continue
		}
		if g := a.GAI; g != nil {
			add(g.Name, a, own, false)
			addNum(r.gai, -g.Glibc, a)
		}
		if e := a.Errno; e != nil {
			add(e.Name, a, own, false)
			addNum(r.errno[linux], e.Linux, a)
			addNum(r.errno[macos], e.MacOS, a)
			addNum(r.errno[freebsd], e.FreeBSD, a)
		}
		add(a.DotNet, a, own, true)
		if n := a.Node; n != nil {
			add(n.Code, a, shared, false)
			addNum(r.node, n.Errno, a)
		}
		add(a.Python, a, shared, true)
	}
	return r
}

// A match is an identifier found in a text: the articles it names (more
// than one when it is ambiguous), where it is, and whether it names them
// for sure: a generic POSIX name (EACCES) in a text that is not about
// sockets only may.
type match struct {
	arts       []*content.Article
	start, end int
	sure       bool
	generic    bool
}

// Words that say what the number after them is.
var (
	codeWords = set("winerror", "error", "err", "code", "errorcode", "error_code", "nativeerrorcode",
		"wsagetlasterror", "getlasterror", "lasterror", "socketexception", "win32exception", "wsaerror")
	errnoWords = set("errno")
	kbWords    = set("kb", "q")
	// Words that may stand around an identifier in Resolve's input.
	noiseWords = set("socketerror", "hresult", "os", "syscall", "windows", "winsock", "wsa", "system",
		"exception", "socket", "number", "on", "linux", "macos", "mac", "darwin", "osx",
		"freebsd", "bsd", "openbsd", "netbsd")
	platformWords = map[string]int{
		"linux": linux, "macos": macos, "mac": macos, "darwin": macos, "osx": macos, "ios": macos,
		"apple": macos, "freebsd": freebsd, "bsd": freebsd, "openbsd": freebsd, "netbsd": freebsd,
	}
)

func set(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

type word struct {
	s          string // as written
	lower      string
	start, end int
}

func wordsOf(s string) []word {
	var ws []word
	eachWord(s, func(start, end int) {
		ws = append(ws, word{s: s[start:end], lower: strings.ToLower(s[start:end]), start: start, end: end})
	})
	return ws
}

// scan finds the identifiers in q, cut into words ws, in order. With whole set, q is meant as
// one identifier (as Resolve reads it): bare small codes, bare hex and
// .NET or Python names in any case count too; in running text they would
// be guesses. all reports whether every word of q was an identifier
// or a word that belongs around one.
func (r *resolver) scan(q string, ws []word, whole bool) (ms []match, all bool) {
	platform := -1
	for _, w := range ws {
		if p, ok := platformWords[w.lower]; ok {
			platform = p
			break
		}
	}
	all = true
	sockets := whole || aboutSockets(ws)
	for i, w := range ws {
		arts, ok, gen := r.word(q, ws, i, platform, whole)
		if len(arts) > 0 {
			ms = append(ms, match{arts: arts, start: w.start, end: w.end, sure: !gen || sockets, generic: gen})
		}
		if !ok && !codeWords[w.lower] && !errnoWords[w.lower] && !kbWords[w.lower] && !noiseWords[w.lower] {
			all = false
		}
	}
	return ms, all
}

// word resolves the i-th word of q. ok reports whether the word was taken
// as an identifier, even one that names nothing in the corpus; generic,
// whether it is a generic POSIX name.
func (r *resolver) word(q string, ws []word, i int, platform int, whole bool) (arts []*content.Article, ok, isGeneric bool) {
	w := ws[i]
	var prev, prev2, next string
	if i > 0 {
		prev = ws[i-1].lower
	}
	if i > 1 {
		prev2 = ws[i-2].lower
	}
	if i+1 < len(ws) {
		next = ws[i+1].lower
	}
	switch {
	case isDigits(w.s):
		arts, ok, bare := r.number(q, w, prev, prev2, next, platform, whole)
		// An errno number of a generic error ([Errno 13]) is as generic as
		// its name; a code with no word before it that makes it one
		// ("pid 10054", "user 10054") names an error only in a text about
		// sockets.
		gen := errnoWords[prev] && len(arts) > 0
		for _, a := range arts {
			gen = gen && a.Errno != nil && generic[strings.ToUpper(a.Errno.Name)]
		}
		return arts, ok, gen || bare
	case len(w.s) > 2 && (w.s[:2] == "0x" || w.s[:2] == "0X"):
		v, err := strconv.ParseUint(w.s[2:], 16, 64)
		if err != nil {
			return nil, false, false
		}
		return r.hexValue(v, whole || codeWords[prev]), true, false
	}
	if n, ok := kbNumber(w.lower); ok {
		return r.kb(n), true, false
	}
	if prev == "socketerror" && q[ws[i-1].end:w.start] == "." {
		arts, gen := r.name(w.s, true)
		return arts, true, gen
	}
	if arts, gen := r.name(w.s, whole); len(arts) > 0 {
		return arts, true, gen
	}
	if whole && len(w.s) <= 8 && isHex(w.s) {
		v, _ := strconv.ParseUint(w.s, 16, 64)
		return r.hexValue(v, true), true, false
	}
	return nil, false, false
}

// units are words after a number that make it a quantity, not a code.
var units = set("ms", "s", "sec", "secs", "second", "seconds", "us", "µs", "ns", "min", "minutes",
	"b", "bytes", "byte", "kb", "kib", "mb", "mib", "gb", "items", "rows", "lines", "requests", "times",
	"connections", "sockets", "ports", "files", "users")

// number resolves a word of digits by the one or two words before it.
// bare reports a code or KB number found with no word before it that says
// what it is (see word).
func (r *resolver) number(q string, w word, prev, prev2, next string, platform int, whole bool) (arts []*content.Article, ok, bare bool) {
	v, err := strconv.ParseUint(w.s, 10, 64)
	if err != nil {
		return nil, false, false
	}
	if negative(q, w.start) {
		// A signed HRESULT (-2147014842), a Node.js errno (-4077), or a
		// getaddrinfo error as Python prints it ([Errno -3]).
		switch {
		case v > 0xFFFF && v <= -math.MinInt32:
			return r.hresult(uint32(int32(-int64(v)))), true, false
		case errnoWords[prev] && v < 100:
			return r.gai[int(v)], true, false
		case v <= 0xFFFF:
			return r.node[-int(v)], true, false
		}
		return nil, false, false
	}
	if !whole && !codeWords[prev] && !errnoWords[prev] && !kbWords[prev] && (units[next] || units[prev] || inDottedNumber(q, w)) {
		return nil, false, false // a quantity (10054 ms, bytes=10048), a version or an address
	}
	switch {
	case errnoWords[prev]:
		if v >= 10000 { // Python on Windows puts Winsock codes in [Errno N]
			return one(r.code(v)), true, false
		}
		return r.errnoNumber(v, platform), true, false
	case prev == "error" && prev2 == "os" && r.code(v) == nil:
		// Rust's "(os error 111)": the OS's own number, an errno off Windows.
		return r.errnoNumber(v, platform), true, false
	case codeWords[prev]:
		return one(r.code(v)), true, false
	case kbWords[prev]:
		return r.kb(v), true, false
	case prev == "port" || w.start > 0 && q[w.start-1] == ':':
		return nil, false, false // host:port, or ":10050"
	}
	if a := r.code(v); a != nil && (v >= 10000 || whole) {
		return one(a), true, !whole
	}
	if arts := r.kb(v); len(arts) > 0 {
		return arts, true, !whole
	}
	if !whole {
		return nil, false, false
	}
	if v > 0xFFFF && v <= math.MaxUint32 {
		if arts := r.hresult(uint32(v)); len(arts) > 0 {
			return arts, true, false
		}
	}
	if len(w.s) <= 8 { // "2746" is 0x2746 when no code is 2746
		h, _ := strconv.ParseUint(w.s, 16, 64)
		return r.hexValue(h, true), true, false
	}
	return nil, true, false
}

// negative reports whether the digits at start have a minus sign of their
// own: "-4077", "errno: -4077", but not "2024-01-02".
func negative(q string, start int) bool {
	if start == 0 || q[start-1] != '-' {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(q[:start-1])
	return start == 1 || !isWordRune(before)
}

// hexValue resolves a number written in hex: a code, or an HRESULT that
// wraps one. Small codes (6, 8, 87, 995…) only count when sure says the
// context is a code; in running text "0x0008" is more often an address.
func (r *resolver) hexValue(v uint64, sure bool) []*content.Article {
	switch {
	case v <= 0xFFFF:
		if sure || v >= 10000 {
			return one(r.code(v))
		}
	case v <= math.MaxUint32:
		return r.hresult(uint32(v))
	}
	return nil
}

// hresult resolves HRESULT_FROM_WIN32(code): facility 7, severity 1.
func (r *resolver) hresult(h uint32) []*content.Article {
	if h>>16 != 0x8007 {
		return nil
	}
	return one(r.code(uint64(h & 0xFFFF)))
}

func (r *resolver) code(v uint64) *content.Article {
	if v == 0 || v > 0xFFFF {
		return nil
	}
	return r.c.ByCode(int(v))
}

func (r *resolver) kb(v uint64) []*content.Article {
	if a := r.c.Article(strconv.FormatUint(v, 10)); a != nil && a.Kind == content.KindKB {
		return []*content.Article{a}
	}
	return nil
}

// errnoNumber resolves a POSIX errno: on the platform the query names, or
// else Linux, then macOS, then FreeBSD, the first that knows the number.
func (r *resolver) errnoNumber(v uint64, platform int) []*content.Article {
	if v > 1<<16 {
		return nil
	}
	if platform >= 0 {
		return r.errno[platform][int(v)]
	}
	for _, m := range r.errno {
		if arts := m[int(v)]; len(arts) > 0 {
			return arts
		}
	}
	return nil
}

// name resolves a name. A .NET or Python name (ConnectionReset,
// ConnectionResetError) counts in running text only when written as
// spelled with at least two capitals, so "shutdown" or "Fault" in a
// sentence is a word, not SocketError.Shutdown; anyCase lifts that rule.
// Of the candidates, only the best tier counts. generic reports that the
// name is a generic POSIX name (see generic).
func (r *resolver) name(s string, anyCase bool) (arts []*content.Article, generic bool) {
	cands := r.names[strings.ToUpper(s)]
	best := shared + 1
	for _, c := range cands {
		if c.camel && !anyCase && (s != c.spelling || capitals(s) < 2) {
			continue
		}
		switch {
		case c.tier < best:
			best, arts, generic = c.tier, []*content.Article{c.a}, c.generic
		case c.tier == best && !slices.Contains(arts, c.a):
			arts = append(arts, c.a)
		}
	}
	return arts, generic
}

// inDottedNumber reports whether the digits of w are part of a dotted or
// dashed number: a version (1.10054.2), a date or an address.
func inDottedNumber(q string, w word) bool {
	digitAt := func(i int) bool { return i >= 0 && i < len(q) && q[i] >= '0' && q[i] <= '9' }
	sep := func(b byte) bool { return b == '.' || b == '-' || b == ':' || b == '/' }
	return w.start > 1 && sep(q[w.start-1]) && digitAt(w.start-2) ||
		w.end+1 < len(q) && sep(q[w.end]) && digitAt(w.end+1)
}

// kbNumber recognizes "kb196271" and "q196271".
func kbNumber(lower string) (uint64, bool) {
	var digits string
	switch {
	case strings.HasPrefix(lower, "kb"):
		digits = lower[2:]
	case strings.HasPrefix(lower, "q"):
		digits = lower[1:]
	default:
		return 0, false
	}
	if len(digits) < 4 || !isDigits(digits) {
		return 0, false
	}
	v, err := strconv.ParseUint(digits, 10, 64)
	return v, err == nil
}

func one(a *content.Article) []*content.Article {
	if a == nil {
		return nil
	}
	return []*content.Article{a}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return s != ""
}

func capitals(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}
