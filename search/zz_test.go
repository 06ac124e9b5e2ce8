package search
import ("testing"; "time"; "strings"; "sort")
func TestZZ(t *testing.T) {
	x := index(t)
	var words []string
	for k := range x.vocab[fieldBody] { if len(k) > 3 && !strings.ContainsAny(k, "0123456789") { words = append(words, k) } }
	sort.Strings(words)
	q := strings.Join(words[:200], " ")
	for i := 0; i < 3; i++ {
		t0 := time.Now(); r, _ := x.Search(q, 50); t.Log(time.Since(t0), len(r.Hits), len(r.Query))
	}
	q = strings.Repeat("connection reset by peer ", 30)
	t0 := time.Now(); x.Search(q, 50); t.Log(time.Since(t0))
	q = "qwzx plokm zzzyy xxwwq " + strings.Join(words[200:260], "x ")
	t0 = time.Now(); x.Search(q, 50); t.Log(time.Since(t0))
}
