package search

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Analyzer names. All three share one tokenizer, [wordTokenizer].
const (
	tokenizerWords = "sockerr_words"
	analyzerIdent  = "sockerr_ident" // lower-cased words, nothing else: names, codes, hex
	analyzerText   = "sockerr_text"  // English prose: stop words out, Porter stems
	analyzerPairs  = "sockerr_pairs" // stemmed word pairs
	filterPairs    = "sockerr_pairs"
)

// Fields of the index. Each has one analyzer and one weight (see fields).
const (
	fieldIdent   = "ident"   // the article's own identifiers: name, aliases, code in every form, errno, .NET, Node, Python names; KB number
	fieldRelated = "related" // identifiers an article concerns but is not: a KB article's errors; the functions that return an error
	fieldMessage = "message" // Windows' own message text
	fieldSeenAs  = "seen_as" // the error as runtimes print it
	fieldTitle   = "title"
	fieldSummary = "summary"
	fieldBody    = "body"  // the plain body text and applies_to
	fieldPairs   = "pairs" // word pairs of message, seen_as, title and summary
)

type fieldSpec struct {
	name     string
	analyzer string
	weight   float64
}

// fields lists every field with its analyzer and weight. The weights say
// what a match in the field means: an identifier is worth more than
// anything else; a code a KB article is about weighs a quarter of the code
// an error article is; the Windows message and the runtime forms beat the
// title, which beats the summary, which beats the body. The query builder
// multiplies every clause by its field's weight, corrected for the field's
// length and the term's rarity (Index.boost and Index.blend).
var fields = [numFields]fieldSpec{
	fieldIdentN:   {fieldIdent, analyzerIdent, 12},
	fieldRelatedN: {fieldRelated, analyzerIdent, 3},
	fieldMessageN: {fieldMessage, analyzerText, 4},
	fieldSeenAsN:  {fieldSeenAs, analyzerText, 3},
	fieldTitleN:   {fieldTitle, analyzerText, 3},
	fieldSummaryN: {fieldSummary, analyzerText, 1.5},
	fieldBodyN:    {fieldBody, analyzerText, 1},
	fieldPairsN:   {fieldPairs, analyzerPairs, 2.5},
}

// The fields' places in [fields].
const (
	fieldIdentN = iota
	fieldRelatedN
	fieldMessageN
	fieldSeenAsN
	fieldTitleN
	fieldSummaryN
	fieldBodyN
	fieldPairsN
	numFields
)

// vectors reports whether a field keeps where each of its terms occurs:
// only the Windows message does, for the phrase query (see buildQuery).
// Term vectors do not change scores, and on every field they would
// double the work of building the index.
func (f fieldSpec) vectors() bool { return f.name == fieldMessage }

// newMapping is the one function that defines how articles are indexed:
// the analyzers and which field uses which.
//
//   - sockerr_ident keeps every word whole and only lower-cases it, so
//     WSAECONNRESET, WSA_IO_PENDING, 10054, 0x2746 and 0x80072746 are
//     tokens as written (no stemming, no stop words).
//   - sockerr_text is English for prose: possessives and stop words out,
//     Porter stems ("refused" and "refusing" meet at "refus").
//   - sockerr_pairs makes pairs of adjacent stemmed words, stop words kept
//     unless both words of a pair are stop words ("of quota" stays, "out
//     of" goes), so a pasted message that shares a run of words with
//     Windows' text scores by the length of the run.
func newMapping() (mapping.IndexMapping, error) {
	m := mapping.NewIndexMapping()
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
			"token_filters": []any{en.PossessiveName, lowercase.Name, filterPairs},
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
		fm.Store = false
		fm.IncludeInAll = false
		fm.DocValues = false
		fm.IncludeTermVectors = f.vectors()
		doc.AddFieldMappingsAt(f.name, fm)
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerText
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}
