package search
import ("testing"; "github.com/blevesearch/bleve/v2/search/query")
func TestZZ(t *testing.T) {
	x := index(t)
	tot, n := 0, 0
	perField := map[string]int{}
	for _, c := range readQueries(t) {
		q := clean(c.query)
		ex := x.exact(q)
		tm := x.analyze(q, len(ex) == 0)
		bq := x.buildQuery(tm, ex).(*query.DisjunctionQuery)
		tot += len(bq.Disjuncts); n++
		for _, d := range bq.Disjuncts { if f, ok := d.(query.FieldableQuery); ok { perField[f.Field()]++ } }
	}
	t.Log(float64(tot)/float64(n), perField)
}
