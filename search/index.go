package search

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/sockerr/sockerr/content"
)

// Index answers queries over one corpus. It is immutable once built and
// safe for concurrent use.
type Index struct {
	corpus *content.Corpus
	bleve  bleve.Index
	res    *resolver
	rec    *recognizer

	analyzers map[string]analysis.Analyzer // the mapping's analyzers, for the query side
	stop      analysis.TokenMap            // English stop words

	// df is, for each field, how many articles hold each term: bleve's
	// field dictionaries, read once.
	df    map[string]map[string]int
	maxDF int // a term more articles hold in a field tells little there

	// lengths is, for each article, how many distinct words each value of
	// its strong fields has (see Hit.Match): field → array position →
	// count.
	lengths map[string]map[string][]int
}

// New builds the index for a corpus: in memory, with scorch, in one batch.
func New(c *content.Corpus) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	x := &Index{
		corpus:    c,
		res:       newResolver(c),
		analyzers: map[string]analysis.Analyzer{},
		df:        map[string]map[string]int{},
		lengths:   map[string]map[string][]int{},
		maxDF:     max(len(c.Articles())/4, 2),
	}
	for _, f := range fields {
		if x.analyzers[f.analyzer] = m.AnalyzerNamed(f.analyzer); x.analyzers[f.analyzer] == nil {
			return nil, fmt.Errorf("search: analyzer %s missing from the mapping", f.analyzer)
		}
	}
	if x.stop, err = registry.NewCache().TokenMapNamed(en.StopName); err != nil {
		return nil, fmt.Errorf("search: stop words: %w", err)
	}
	x.rec = newRecognizer(c, x.res)

	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: creating index: %w", err)
	}
	b := bi.NewBatch()
	for _, a := range c.Articles() {
		doc := document(a)
		if err := b.Index(a.ID, doc); err != nil {
			bi.Close()
			return nil, fmt.Errorf("search: indexing %s: %w", a.ID, err)
		}
	}
	if err := bi.Batch(b); err != nil {
		bi.Close()
		return nil, fmt.Errorf("search: indexing: %w", err)
	}
	for _, f := range fields {
		d, err := bi.FieldDict(f.name)
		if err != nil {
			bi.Close()
			return nil, fmt.Errorf("search: reading the terms of %s: %w", f.name, err)
		}
		counts := map[string]int{}
		for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
			counts[e.Term] = int(e.Count)
		}
		d.Close()
		x.df[f.name] = counts
	}
	for _, a := range c.Articles() {
		x.lengths[a.ID] = x.valueLengths(document(a))
	}
	x.bleve = bi
	return x, nil
}

// Corpus returns the corpus the index was built from.
func (x *Index) Corpus() *content.Corpus { return x.corpus }

// Close releases the index. Searching a closed index returns an error.
func (x *Index) Close() error { return x.bleve.Close() }

// document is what is indexed for an article: field → value (a string,
// or a list of them).
func document(a *content.Article) map[string]any {
	var ident, related, seen, messages []string
	ident = append(ident, a.ID)
	ident = append(ident, a.Aliases...)
	switch a.Kind {
	case content.KindError:
		ident = append(ident, codeForms(a)...)
		if a.Errno != nil {
			ident = append(ident, a.Errno.Name)
		}
		if a.GAI != nil {
			ident = append(ident, a.GAI.Name)
		}
		if a.DotNet != "" {
			ident = append(ident, a.DotNet)
		}
		if a.Node != nil && a.Node.Code != "" {
			ident = append(ident, a.Node.Code)
		}
		if a.Python != "" {
			// The class, without its module: "socket" in socket.gaierror
			// names no error.
			_, class, _ := strings.Cut(a.Python, ".")
			ident = append(ident, cmp.Or(class, a.Python))
		}
		related = append(related, a.Functions...)
		for _, m := range a.Messages {
			messages = append(messages, m.Text)
		}
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
	pairs = append(pairs, a.Symptoms...)
	return map[string]any{
		fieldIdent:    ident,
		fieldRelated:  related,
		fieldMessage:  a.Message,
		fieldMessages: messages,
		fieldSeenAs:   seen,
		fieldSymptoms: a.Symptoms,
		fieldTitle:    a.Title,
		fieldSummary:  a.Summary,
		fieldBody:     body,
		fieldPairs:    pairs,
	}
}

// valueLengths counts the distinct informative words of each value of the
// strong fields of a document (see Hit.Match and informative).
func (x *Index) valueLengths(doc map[string]any) map[string][]int {
	out := map[string][]int{}
	for _, f := range fields {
		if !f.strong {
			continue
		}
		var values []string
		switch v := doc[f.name].(type) {
		case string:
			values = []string{v}
		case []string:
			values = v
		}
		for _, v := range values {
			n := 0
			for _, t := range x.terms(f.analyzer, v) {
				if x.informative(f.name, t) {
					n++
				}
			}
			out[f.name] = append(out[f.name], n)
		}
	}
	return out
}

// informative reports whether a term of a field tells which article a
// text is about: some article holds it there, and not more than maxDF do
// ("connection", "socket" and "the" do not).
func (x *Index) informative(field, term string) bool {
	df := x.df[field][term]
	return df > 0 && df <= x.maxDF
}

// terms returns the distinct terms an analyzer makes of s that carry
// meaning: those with a letter (numbers in a runtime's line are ports,
// addresses and sizes).
func (x *Index) terms(analyzer, s string) []string {
	var out []string
	for _, t := range x.analyzers[analyzer].Analyze([]byte(s)) {
		term := string(t.Term)
		if strings.ContainsFunc(term, isLetter) && !slices.Contains(out, term) {
			out = append(out, term)
		}
	}
	return out
}

// codeForms is an error's code as people write it: 10054, 0x2746, 2746,
// 0x80072746 and the HRESULT as a signed decimal (-2147014842).
func codeForms(a *content.Article) []string {
	if !a.Winsock() {
		return nil
	}
	h := content.HRESULT(a.Code)
	return []string{
		strconv.Itoa(a.Code),
		a.Hex(),
		fmt.Sprintf("%X", a.Code),
		a.HRESULT(),
		strconv.Itoa(int(int32(h))),
	}
}
