package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzer names.
const (
	analyzerIdent = "sockerr_ident" // words lower-cased, nothing else: names, codes, hex
	analyzerText  = "sockerr_text"  // English prose: stop words out, Porter stems
	analyzerPairs = "sockerr_pairs" // adjacent stemmed words, as pairs
	analyzerIntl  = cjk.AnalyzerName
)

// Fields of the index.
const (
	fieldIdent    = "ident"    // the article's own identifiers: name, aliases, code in every form, errno, .NET, Node, Python names; KB number
	fieldRelated  = "related"  // identifiers an article concerns but is not: a KB article's errors; the functions that return an error
	fieldMessage  = "message"  // the system's own message text, in English
	fieldMessages = "messages" // Windows' message in other display languages
	fieldSeenAs   = "seen_as"  // the error as runtimes print it
	fieldSymptoms = "symptoms" // the problem in plain words
	fieldTitle    = "title"
	fieldSummary  = "summary"
	fieldBody     = "body"  // the body as plain text, and applies_to
	fieldPairs    = "pairs" // word pairs of message, seen_as, symptoms, title and summary
)

type fieldSpec struct {
	name     string
	analyzer string
	weight   float64
	strong   bool // a match here says what the error is, not only what it concerns: see Hit.Match
	snippet  bool // stored, with term vectors, for snippets
}

// fields lists every field with its analyzer and weight. The weights say
// what a match in the field means: an identifier is worth more than
// anything else; a code a KB article is about weighs a quarter of the code
// an error article is; the message texts, the runtime forms and the
// symptoms beat the title, which beats the summary, which beats the body.
var fields = []fieldSpec{
	{fieldIdent, analyzerIdent, 12, true, false},
	{fieldRelated, analyzerIdent, 3, false, false},
	{fieldMessage, analyzerText, 4, true, true},
	{fieldMessages, analyzerIntl, 4, true, true},
	{fieldSeenAs, analyzerText, 3, true, true},
	{fieldSymptoms, analyzerText, 3.5, true, true},
	{fieldTitle, analyzerText, 3, true, false},
	{fieldSummary, analyzerText, 1.5, false, true},
	{fieldBody, analyzerText, 1, false, true},
	{fieldPairs, analyzerPairs, 2.5, false, false},
}

// newMapping is the one function that defines how articles are indexed.
//
//   - sockerr_ident keeps every word whole and only lower-cases it, so
//     WSAECONNRESET, WSA_IO_PENDING, 10054, 0x2746 and 0x80072746 are
//     terms as written.
//   - sockerr_text is English for prose: possessives and stop words out,
//     Porter stems ("refused" and "refusing" meet at "refus").
//   - sockerr_pairs makes pairs of adjacent stemmed words (stop words
//     kept), so a pasted message that shares a run of words with an
//     article's text scores by the length of the run.
//   - bleve's cjk analyzer reads the localized messages: words for
//     scripts that space them, overlapping pairs of characters for
//     Chinese, Japanese and Korean, which do not.
func newMapping() (mapping.IndexMapping, error) {
	m := mapping.NewIndexMapping()
	if err := m.AddCustomTokenFilter("sockerr_pair", map[string]any{
		"type":            shingle.Name,
		"min":             2.0,
		"max":             2.0,
		"output_original": false,
		"separator":       " ",
		"filler":          "_",
	}); err != nil {
		return nil, err
	}
	// Every analyzer but the cjk one reads words as the resolver does
	// (see wordTokenizer).
	analyzers := map[string]map[string]any{
		analyzerIdent: {
			"type":          custom.Name,
			"tokenizer":     tokenizerWords,
			"token_filters": []any{lowercase.Name},
		},
		analyzerText: {
			"type":          custom.Name,
			"tokenizer":     tokenizerWords,
			"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
		},
		analyzerPairs: {
			"type":          custom.Name,
			"tokenizer":     tokenizerWords,
			"token_filters": []any{en.PossessiveName, lowercase.Name, porter.Name, "sockerr_pair"},
		},
	}
	for name, cfg := range analyzers {
		if err := m.AddCustomAnalyzer(name, cfg); err != nil {
			return nil, err
		}
	}

	doc := mapping.NewDocumentMapping()
	doc.Dynamic = false
	for _, f := range fields {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = f.analyzer
		fm.Store = f.snippet
		fm.IncludeTermVectors = f.snippet || f.strong
		fm.IncludeInAll = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerText
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

const tokenizerWords = "sockerr_words"

// wordTokenizer splits text into the words eachWord finds: runs of
// letters, digits, combining marks and underscores, so WSAECONNRESET,
// WSA_IO_PENDING, TIME_WAIT, 10054 and 0x2746 stay whole and the
// punctuation runtimes wrap around errors separates
// ("java.net.SocketException:" is java, net, socketexception); network
// addresses are left out.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	eachWord(string(input), func(start, end int) {
		typ := analysis.AlphaNumeric
		if isDigits(string(input[start:end])) {
			typ = analysis.Numeric
		}
		out = append(out, &analysis.Token{Term: input[start:end:end], Start: start, End: end, Position: len(out) + 1, Type: typ})
	})
	return out
}

func init() {
	err := registry.RegisterTokenizer(tokenizerWords, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	})
	if err != nil {
		panic(err)
	}
}
