package search

import (
	"slices"
	"strings"
)

// synonyms are groups of phrases people use for one thing. When a query
// holds one, the words of the others are searched too, at half weight, so
// "dynamic port" finds what the articles call ephemeral ports, and a
// symptom finds its article whatever words it is put in.
var synonyms = [][]string{
	{"ephemeral port", "dynamic port", "source port", "outbound port", "client port", "port exhaustion", "out of ports", "ran out of ports"},
	{"time_wait", "timewait", "time-wait", "time wait"},
	{"hyper-v", "winnat", "wsl", "docker desktop", "excluded port range", "excludedportrange", "reserved port", "port reservation"},
	{"refused", "rejected", "actively refused"},
	{"reset", "forcibly closed", "closed by the remote host", "closed by peer", "rst"},
	{"timed out", "timeout", "time out", "no response"},
	{"dns", "name resolution", "resolve", "hostname lookup"},
	{"already in use", "address in use", "port in use", "port is taken"},
	{"too many open files", "file descriptors", "handle limit", "fd limit"},
	{"unreachable", "no route"},
}

// expand returns the English terms the synonyms of the phrases in text
// add: those not already among have.
func (x *Index) expand(text string, have []string) []string {
	lower := strings.ToLower(text)
	var out []string
	for _, group := range synonyms {
		hit := -1
		for i, p := range group {
			if containsPhrase(lower, p) {
				hit = i
				break
			}
		}
		if hit < 0 {
			continue
		}
		for i, p := range group {
			if i == hit {
				continue
			}
			for _, tok := range x.analyzers[analyzerText].Analyze([]byte(p)) {
				t := string(tok.Term)
				if !slices.Contains(have, t) && !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// containsPhrase reports whether s holds phrase as whole words.
func containsPhrase(s, phrase string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return false
		}
		start, end := off+i, off+i+len(phrase)
		if !wordByteAt(s, start-1) && !wordByteAt(s, end) {
			return true
		}
		off = start + 1
	}
}
