package search

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/sockerr/sockerr/content"
)

// Index answers queries over one corpus. It is immutable once built and
// safe for concurrent use.
type Index struct {
	corpus *content.Corpus
	bleve  bleve.Index
	res    *resolver

	text, ident, pairs analysis.Analyzer // the analyzers of the mapping, for the query side

	vocab map[string]map[string]int // field → every term indexed in it → how many articles hold it there
	df    map[dfKey]int             // analyzer and term → how many articles hold it in the fields of the analyzer (the most of any one field)
	norm  map[string]float64        // field → square root of its average length in words
	lex   map[string]lexicon        // analyzer → its terms, for correcting typos
	maxDF int                       // a term in more articles than this is not worth a clause
	idfs  []float64                 // document frequency → bleve's tf-idf idf
	docs  map[string]*doc            // article id → its snippet passages
}

// New builds the index for a corpus: in memory, with scorch, in one batch.
func New(c *content.Corpus) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: creating index: %w", err)
	}
	x := &Index{
		corpus: c,
		bleve:  bi,
		text:   m.AnalyzerNamed(analyzerText),
		ident:  m.AnalyzerNamed(analyzerIdent),
		pairs:  m.AnalyzerNamed(analyzerPairs),
		vocab:  map[string]map[string]int{},
		df:     map[dfKey]int{},
		norm:   map[string]float64{},
		lex:    map[string]lexicon{analyzerText: {}, analyzerIdent: {}},
		docs:   map[string]*doc{},
	}
	if x.text == nil || x.ident == nil || x.pairs == nil {
		bi.Close()
		return nil, fmt.Errorf("search: analyzers missing from the mapping")
	}
	b := bi.NewBatch()
	length := map[string]int{} // field → words in it, over all articles
	holders := map[string]int{} // field → articles with words in it
	for _, a := range c.Articles() {
		doc := fieldsOf(a)
		if err := b.Index(a.ID, doc); err != nil {
			bi.Close()
			return nil, fmt.Errorf("search: indexing %s: %w", a.ID, err)
		}
		for _, f := range fields {
			if n := x.words(f.analyzer, doc[f.name]); n > 0 {
				length[f.name] += n
				holders[f.name]++
			}
		}
		x.docs[a.ID] = newDoc(a, x.text)
	}
	for _, f := range fields {
		x.norm[f.name] = math.Sqrt(float64(length[f.name]) / float64(max(holders[f.name], 1)))
	}
	if err := bi.Batch(b); err != nil {
		bi.Close()
		return nil, fmt.Errorf("search: indexing: %w", err)
	}
	for _, f := range fields {
		terms, err := fieldTerms(bi, f.name)
		if err != nil {
			bi.Close()
			return nil, fmt.Errorf("search: reading terms of %s: %w", f.name, err)
		}
		x.vocab[f.name] = terms
		for t, n := range terms {
			key := dfKey{f.analyzer, t}
			if _, ok := x.df[key]; !ok && x.lex[f.analyzer] != nil {
				x.lex[f.analyzer].add(t)
			}
			x.df[key] = max(x.df[key], n)
		}
	}
	x.maxDF = max(len(x.docs)/2, 2)
	n := float64(len(x.docs))
	for df := 0; df <= len(x.docs); df++ {
		x.idfs = append(x.idfs, 1+math.Log(n/float64(df+1))) // as bleve computes it
	}
	x.res = newResolver(c)
	return x, nil
}

// Corpus returns the corpus the index was built from.
func (x *Index) Corpus() *content.Corpus { return x.corpus }

// Close releases the index. Searching a closed index returns an error.
func (x *Index) Close() error { return x.bleve.Close() }

// fieldsOf is the document indexed for an article: a value (or list of
// values) per field of [fields].
func fieldsOf(a *content.Article) map[string]any {
	var ident, related, seen []string
	ident = append(ident, a.ID)
	ident = append(ident, a.Aliases...)
	switch a.Kind {
	case content.KindError:
		ident = append(ident, codeForms(a)...)
		if a.Errno != nil {
			ident = append(ident, a.Errno.Name)
		}
		if a.DotNet != "" {
			ident = append(ident, a.DotNet)
		}
		if a.Node != nil && a.Node.Code != "" {
			ident = append(ident, a.Node.Code)
		}
		if a.Python != "" {
			ident = append(ident, a.Python)
		}
		related = append(related, a.Functions...)
	case content.KindKB:
		ident = append(ident, "KB"+a.ID, "Q"+a.ID)
		for _, e := range a.ErrorArticles {
			related = append(related, e.ID)
			related = append(related, codeForms(e)...)
		}
	}
	seen = append(seen, a.SeenAs...)
	if a.Java != nil && a.Java.Exception != "" {
		seen = append(seen, strings.TrimSpace(a.Java.Exception+": "+a.Java.Message))
	}
	body := a.Text
	if len(a.AppliesTo) > 0 {
		body += "\n" + strings.Join(a.AppliesTo, "\n")
	}
	pairs := append([]string{a.Message, a.Title, a.Summary}, seen...)
	return map[string]any{
		fieldIdent:     ident,
		fieldRelated:   related,
		fieldMessage:   a.Message,
		fieldSeenAs:    seen,
		fieldTitle:     a.Title,
		fieldSummary:   a.Summary,
		fieldBody:      body,
		fieldPairs:     pairs,
		fieldBodyPairs: a.Text,
	}
}

type dfKey struct{ analyzer, term string }

// idf is bleve's inverse document frequency for a term in df articles.
func (x *Index) idf(df int) float64 {
	return x.idfs[min(max(df, 0), len(x.idfs)-1)]
}

// words returns how many words the analyzer makes of a field's value.
func (x *Index) words(analyzer string, v any) int {
	var a analysis.Analyzer
	switch analyzer {
	case analyzerText:
		a = x.text
	case analyzerIdent:
		a = x.ident
	case analyzerPairs:
		a = x.pairs
	}
	switch v := v.(type) {
	case string:
		return len(a.Analyze([]byte(v)))
	case []string:
		n := 0
		for _, s := range v {
			n += len(a.Analyze([]byte(s)))
		}
		return n
	}
	return 0
}

// codeForms is an error's code as people write it: 10054, 0x2746, 2746,
// 0x80072746 and the HRESULT as a signed decimal (-2147014842).
func codeForms(a *content.Article) []string {
	h := content.HRESULT(a.Code)
	return []string{
		strconv.Itoa(a.Code),
		a.Hex(),
		fmt.Sprintf("%X", a.Code),
		a.HRESULT(),
		strconv.Itoa(int(int32(h))),
	}
}

// fieldTerms returns every term indexed in a field, with the number of
// articles that hold it there.
func fieldTerms(bi bleve.Index, field string) (map[string]int, error) {
	d, err := bi.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	terms := map[string]int{}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return terms, nil
		}
		terms[e.Term] = int(e.Count)
	}
}
