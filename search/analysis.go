package search

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
)

// wordTokenizer splits text into words: runs of letters, digits and
// underscores. Identifiers stay whole (WSAECONNRESET, WSA_QOS_RECEIVERS,
// TIME_WAIT, 10054, 0x2746), and every punctuation mark a runtime wraps
// around an error separates ("java.net.SocketException:" gives java, net,
// SocketException; "[::1]:8080" gives 1, 8080). An apostrophe between two
// letters stays inside the word (peer's, don't). Invalid UTF-8 separates.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := tokenize(input, nil)
	ts := make(analysis.TokenStream, len(toks))
	for i := range toks {
		ts[i] = &toks[i]
	}
	return ts
}

// tokenize appends the words of input to toks, as Tokenize makes them.
// The tokens' terms point into input.
func tokenize(input []byte, toks []analysis.Token) []analysis.Token {
	base := len(toks)
	// eachWord only reads the text, and nothing keeps the string.
	eachWord(unsafe.String(unsafe.SliceData(input), len(input)), func(start, end int) {
		typ := analysis.Numeric
		for _, b := range input[start:end] {
			if b < '0' || b > '9' {
				typ = analysis.AlphaNumeric
				break
			}
		}
		toks = append(toks, analysis.Token{
			Start:    start,
			End:      end,
			Term:     input[start:end:end],
			Position: len(toks) - base + 1,
			Type:     typ,
		})
	})
	return toks
}

// netAddress matches, at the start of a string, a network address as
// runtimes print them around an error: 192.0.2.7:51000, [::1]:6379,
// ::1:8080, fe80::1%eth0. Such addresses say where, not what: their
// numbers would match any article quoting an example address.
var netAddress = regexp.MustCompile(`^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.%\w]*\]|[0-9A-Fa-f]{0,4}::[0-9A-Fa-f:.]*(?:%\w+)?|[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){3,7})(?::\d{1,5})?`)

// eachWord calls fn with the byte offsets of every word of s, in order.
// Network addresses (see netAddress) are skipped whole.
func eachWord(s string, fn func(start, end int)) {
	start := -1
	prevLetter := false
	for i := 0; i < len(s); {
		if start >= 0 && isWordByte(s[i]) { // the rest of an ASCII word
			for i < len(s) && isWordByte(s[i]) {
				i++
			}
			prevLetter = isASCIILetter(s[i-1])
			continue
		}
		if start < 0 && mayBeAddress(s[i:]) && (i == 0 || !isWordByte(s[i-1])) {
			if m := netAddress.FindStringIndex(addressRun(s[i:])); m != nil && m[1] > 2 && (i+m[1] == len(s) || !isWordByte(s[i+m[1]])) && strings.ContainsAny(s[i:i+m[1]], ".:") && !isPlainWord(s[i:i+m[1]]) {
				i += m[1]
				prevLetter = false
				continue
			}
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			prevLetter = unicode.IsLetter(r)
		case start >= 0 && (r == '\'' || r == '’') && prevLetter && letterAt(s, i+size):
			prevLetter = false // an apostrophe inside a word
		default:
			if start >= 0 {
				fn(start, i)
				start = -1
			}
			prevLetter = false
		}
		i += size
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

// mayBeAddress reports whether a network address may start s: it starts
// with '[' or ':', or with at most four hex digits followed by '.' or ':'.
// Every match of netAddress does, so the expression only runs there.
func mayBeAddress(s string) bool {
	if s[0] == '[' || s[0] == ':' {
		return true
	}
	i := 0
	for i < len(s) && i <= 4 && isHexByte(s[i]) {
		i++
	}
	return 0 < i && i <= 4 && i < len(s) && (s[i] == '.' || s[i] == ':')
}

// addressRun cuts s before the first byte that no network address holds
// (netAddress matches only letters, digits, '_', '.', ':', '%', '[' and
// ']'), so that matching costs the length of the address, not of the text.
func addressRun(s string) string {
	for i := 0; i < len(s); i++ {
		if b := s[i]; !isWordByte(b) && b != '.' && b != ':' && b != '%' && b != '[' && b != ']' {
			return s[:i]
		}
	}
	return s
}

func isHexByte(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

func isASCIILetter(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// isPlainWord reports whether an address match is really a word followed by
// a colon ("add:"), not an address.
func isPlainWord(m string) bool {
	return !strings.ContainsAny(strings.TrimRight(m, ":"), ".:[")
}

func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

// pairFilter turns a stream of lower-cased words into pairs of adjacent
// stemmed words, leaving out pairs of two stop words.
type pairFilter struct {
	stop analysis.TokenMap
	stem analysis.TokenFilter
}

func (f pairFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	stop := make([]bool, len(input))
	for i, t := range input {
		stop[i] = f.stop[string(t.Term)]
	}
	input = f.stem.Filter(input)
	out := make(analysis.TokenStream, 0, len(input))
	eachPair(input, stop, func(a, b *analysis.Token) {
		term := make([]byte, 0, len(a.Term)+1+len(b.Term))
		term = append(append(append(term, a.Term...), ' '), b.Term...)
		out = append(out, &analysis.Token{Start: a.Start, End: b.End, Term: term, Position: len(out) + 1, Type: analysis.Shingle})
	})
	return out
}

// eachPair calls fn with every two adjacent stemmed words of input, but
// those where both were stop words (stop[i] for input[i]).
func eachPair(input analysis.TokenStream, stop []bool, fn func(a, b *analysis.Token)) {
	for i := 1; i < len(input); i++ {
		if stop[i-1] && stop[i] {
			continue
		}
		fn(input[i-1], input[i])
	}
}

func init() {
	err := registry.RegisterTokenizer(tokenizerWords, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	})
	if err != nil {
		panic(err)
	}
	err = registry.RegisterTokenFilter(filterPairs, func(_ map[string]any, c *registry.Cache) (analysis.TokenFilter, error) {
		stop, err := c.TokenMapNamed(en.StopName)
		if err != nil {
			return nil, err
		}
		return pairFilter{stop: stop, stem: porter.NewPorterStemmer()}, nil
	})
	if err != nil {
		panic(err)
	}
}
