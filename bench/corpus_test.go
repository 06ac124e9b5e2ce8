package bench

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sockerr/sockerr/content"
	"github.com/sockerr/sockerr/search"
)

// A synthetic corpus for scale benchmarks: errors/WSAEX00001.md ... and
// kb/900000.md ..., valid under package content's schema, with bodies made
// of varied vocabulary so that full-text search has real work to do.

// synthArticle is what the generator knows about an article it wrote: the
// raw material for queries that should find it.
type synthArticle struct {
	ID, Title, Message, Summary string
	Code                        int
	SeenAs                      []string
	Words                       []string // distinctive words of the article
}

// Corpus is a generated corpus and what went into it.
type Corpus struct {
	FS       fstest.MapFS
	Articles []synthArticle // errors, then KB articles
	Bytes    int            // total size of the Markdown files
}

// GenerateCorpus writes nErrors error articles (ids WSAEX00001..., codes
// 20001...) and nKB known-issue articles (ids 900000...), deterministic
// for a given seed. Every error body has about 400 words in the five
// sections of a real article, with a powershell and a C code block; every
// KB body has the six sections of a known issue.
func GenerateCorpus(nErrors, nKB int, seed uint64) *Corpus {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), nErrors: nErrors}
	g.names = g.pseudoWords(max(nErrors/3, 50))
	c := &Corpus{FS: fstest.MapFS{}}
	for i := 1; i <= nErrors; i++ {
		path, body, a := g.errorArticle(i, nKB)
		c.FS[path] = &fstest.MapFile{Data: body, Mode: 0o644}
		c.Articles = append(c.Articles, a)
		c.Bytes += len(body)
	}
	for i := range nKB {
		path, body, a := g.kbArticle(i)
		c.FS[path] = &fstest.MapFile{Data: body, Mode: 0o644}
		c.Articles = append(c.Articles, a)
		c.Bytes += len(body)
	}
	return c
}

func errorID(i int) string { return fmt.Sprintf("WSAEX%05d", i) }
func kbID(i int) string    { return strconv.Itoa(900000 + i) }

type gen struct {
	r       *rand.Rand
	nErrors int
	names   []string // pseudo-words: product and feature names, each shared by a few articles
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// pickN returns n distinct items of list.
func (g *gen) pickN(list []string, n int) []string {
	idx := g.r.Perm(len(list))[:min(n, len(list))]
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

var syllables = []string{
	"ka", "lo", "mi", "ra", "ven", "tor", "ul", "sen", "dra", "pix", "qua", "zel", "mor", "fin",
	"gal", "hex", "jor", "bex", "tal", "nim", "cor", "vast", "ris", "pel", "dun", "sho", "tri", "wex",
}

// pseudoWords returns n distinct made-up names ("valtrix", "morsenka").
func (g *gen) pseudoWords(n int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		k := 2 + g.r.IntN(2)
		var b strings.Builder
		for range k {
			b.WriteString(g.pick(syllables))
		}
		w := b.String()
		if len(w) >= 5 && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

var (
	components = []string{
		"connection", "socket", "listener", "handshake", "resolver", "proxy", "gateway", "firewall",
		"tunnel", "adapter", "driver", "stack", "provider", "namespace", "service", "endpoint",
		"channel", "session", "buffer", "queue", "descriptor", "handle", "thread", "timer", "port",
		"route", "interface", "certificate", "cipher", "packet", "segment", "datagram", "frame",
		"window", "backlog", "heartbeat", "keepalive", "lease", "token", "catalog", "registry",
		"filter", "callout", "loopback", "multicast", "broadcast", "relay", "balancer", "pool",
		"cache", "spooler", "agent", "daemon", "replica", "cluster", "shard", "mirror", "bridge",
		"switch", "router", "modem", "dialer", "redirector", "shim", "hook", "sandbox", "container",
		"hypervisor", "vswitch", "VPN client", "TLS session", "DNS cache", "DHCP lease", "SMB share",
		"RPC endpoint", "LDAP bind", "Kerberos ticket", "HTTP listener", "QUIC stream", "IPv6 route",
		"ARP entry", "ICMP reply", "MTU probe", "NAT mapping", "QoS policy", "WFP filter",
		"layered provider", "AFD endpoint", "NDIS miniport", "completion port", "overlapped request",
	}
	failures = []string{
		"closed unexpectedly", "was reset", "refused the request", "dropped the packet", "stalled",
		"timed out", "expired", "rejected the peer", "truncated the reply", "overflowed",
		"blocked the flow", "aborted the transfer", "rerouted the traffic", "throttled the sender",
		"corrupted the checksum", "duplicated the segment", "fragmented the datagram",
		"starved the worker", "leaked handles", "exhausted its quota", "lost synchronization",
		"misrouted the reply", "was unregistered", "revoked the credentials", "was suspended",
		"ran out of memory", "returned a stale address", "ignored the shutdown", "hung during teardown",
	}
	reasons = []string{
		"the peer restarted", "an idle timeout elapsed", "the route changed", "a policy blocked it",
		"the buffer was full", "the certificate chain was incomplete", "the lease was not renewed",
		"two processes raced for the port", "the provider catalog was damaged", "the clock drifted",
		"the MTU was smaller than expected", "a filter driver intercepted the call",
		"the address family was disabled", "the service account lacked rights",
		"the connection pool reused a dead socket", "the load balancer drained the node",
		"a hotfix replaced the driver", "the virtual switch lost its uplink",
		"the quota for ephemeral ports was exhausted", "the name server returned no records",
	}
	adjectives = []string{
		"intermittent", "persistent", "sudden", "silent", "partial", "repeated", "delayed",
		"unexpected", "random", "periodic", "gradual", "heavy", "rare", "spurious", "nightly",
	}
	tools = []string{
		"netsh", "pktmon", "Get-NetTCPConnection", "Test-NetConnection", "netstat", "tracert",
		"pathping", "nslookup", "Resolve-DnsName", "wevtutil", "logman", "Get-NetAdapter",
		"Wireshark", "Process Monitor", "perfmon", "ipconfig", "route print", "arp -a",
	}
	functions = []string{
		"recv", "send", "connect", "accept", "bind", "listen", "select", "WSARecv", "WSASend",
		"WSAConnect", "WSAIoctl", "getaddrinfo", "GetAddrInfoW", "closesocket", "shutdown",
		"WSAStartup", "WSAEventSelect", "WSAAsyncSelect", "ioctlsocket", "setsockopt", "getsockopt",
		"AcceptEx", "ConnectEx", "TransmitFile", "WSAPoll", "recvfrom", "sendto",
	}
	runtimes = []string{
		"the .NET runtime", "the JVM", "Python", "Go", "Node.js", "libcurl", "OpenSSL",
		"the browser", "PowerShell", "the SQL client", "the message broker client",
	}
	products = []string{
		"Windows Server 2016", "Windows Server 2019", "Windows Server 2022", "Windows 10",
		"Windows 11", "Windows Server 2012 R2", "Windows 8.1",
	}
)

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// sentence is one line of prose about comp and the article's names.
func (g *gen) sentence(comp string, names []string, self string) string {
	n := g.pick(names)
	switch g.r.IntN(14) {
	case 0:
		return fmt.Sprintf("The %s %s because %s.", comp, g.pick(failures), g.pick(reasons))
	case 1:
		return fmt.Sprintf("When the %s %s, %s reports %s to the caller.", g.pick(components), g.pick(failures), g.pick(runtimes), self)
	case 2:
		return fmt.Sprintf("An %s failure of the %s %s usually means %s.", g.pick(adjectives), n, comp, g.pick(reasons))
	case 3:
		return fmt.Sprintf("Check whether %s before you change the %s.", g.pick(reasons), g.pick(components))
	case 4:
		return fmt.Sprintf("Run %s on both hosts and compare what the %s shows.", g.pick(tools), comp)
	case 5:
		return fmt.Sprintf("The %s component keeps a %s for every %s and releases it on %s.", n, g.pick(components), comp, g.pick(functions))
	case 6:
		return fmt.Sprintf("A call to %s fails with this code when the %s %s.", g.pick(functions), comp, g.pick(failures))
	case 7:
		return fmt.Sprintf("Administrators see %s symptoms after %s.", g.pick(adjectives), g.pick(reasons))
	case 8:
		return fmt.Sprintf("Compare it with %s, which the %s raises when %s.", errorID(1+g.r.IntN(g.nErrors)), g.pick(components), g.pick(reasons))
	case 9:
		return fmt.Sprintf("Logs from %s name the %s and the %s together.", n, comp, g.pick(components))
	case 10:
		return fmt.Sprintf("Restarting the %s hides the problem until %s again.", comp, g.pick(reasons))
	case 11:
		return fmt.Sprintf("On busy servers the %s %s within minutes, so measure before and after each change.", g.pick(components), g.pick(failures))
	case 12:
		return fmt.Sprintf("%s wraps the code in its own exception, so search for %s in the inner error.", capitalize(g.pick(runtimes)), self)
	default:
		return fmt.Sprintf("Keep the %s and the %s on the same version, or the %s %s.", n, comp, g.pick(components), g.pick(failures))
	}
}

// paragraph writes sentences until it has about words words.
func (g *gen) paragraph(words int, comp string, names []string, self string) string {
	var b strings.Builder
	for n := 0; n < words; {
		s := g.sentence(comp, names, self)
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
		n += strings.Count(s, " ") + 1
	}
	return b.String()
}

func (g *gen) powershell(comp, name string) string {
	return fmt.Sprintf("```powershell\n%s\nGet-NetTCPConnection -State %s | Where-Object RemotePort -eq %d\nGet-WinEvent -LogName System -MaxEvents 50 | Where-Object Message -match '%s'\n```\n",
		g.pick([]string{"pktmon filter add -p 443", "netsh int tcp show global", "ipconfig /all", "route print -4"}),
		g.pick([]string{"Established", "TimeWait", "CloseWait", "SynSent"}),
		1024+g.r.IntN(60000), name+" "+strings.Fields(comp)[0])
}

func (g *gen) cCode(self string, code int) string {
	fn := g.pick(functions)
	return fmt.Sprintf("```c\nint rc = %s(s, buf, sizeof buf, 0);\nif (rc == SOCKET_ERROR) {\n    int err = WSAGetLastError();\n    if (err == %d) {          /* %s */\n        closesocket(s);\n        return reconnect(ctx, %d);\n    }\n}\n```\n",
		fn, code, self, 100+g.r.IntN(900))
}

// yamlString quotes s for YAML (the generator writes ASCII only).
func yamlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func yamlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = yamlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (g *gen) errorArticle(i, nKB int) (string, []byte, synthArticle) {
	id, code := errorID(i), 20000+i
	names := g.pickN(g.names, 3)
	comp := g.pick(components)
	fail := g.pick(failures)
	a := synthArticle{ID: id, Code: code, Words: append(append([]string{}, names...), strings.Fields(comp)...)}
	a.Title = fmt.Sprintf("%s %s %s", capitalize(names[0]), comp, fail)
	a.Message = fmt.Sprintf("The %s %s because %s.", comp, fail, g.pick(reasons))
	a.Summary = fmt.Sprintf("The %s %s or the %s %s, so the %s cannot go on.", names[0], comp, names[1], g.pick(failures), g.pick(components))
	a.SeenAs = []string{
		fmt.Sprintf("System.Net.Sockets.SocketException (%d): %s", code, a.Message),
		fmt.Sprintf("OSError: [WinError %d] %s", code, a.Message),
		fmt.Sprintf("read tcp 192.0.2.%d:%d->198.51.100.%d:443: wsarecv: %s", 1+g.r.IntN(250), 49152+g.r.IntN(16000), 1+g.r.IntN(250), a.Message),
	}
	var seeAlso []string
	for len(seeAlso) < 3 && g.nErrors > 4 {
		o := errorID(1 + g.r.IntN(g.nErrors))
		if o != id && !contains(seeAlso, o) {
			seeAlso = append(seeAlso, o)
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\nkind: error\ncode: %d\ntitle: %s\nmessage: %s\nsummary: %s\n", id, code, yamlString(a.Title), yamlString(a.Message), yamlString(a.Summary))
	if i%3 == 0 {
		fmt.Fprintf(&b, "errno: {name: EX%05d, linux: %d, macos: %d}\n", i, 200+i%50, 120+i%40)
	}
	if i%2 == 0 {
		fmt.Fprintf(&b, "dotnet: %s%s%d\n", capitalize(names[0]), capitalize(strings.Fields(comp)[0]), i)
	}
	if i%5 == 0 {
		fmt.Fprintf(&b, "java: {exception: java.net.SocketException, message: %s}\n", yamlString(a.Title))
	}
	b.WriteString("seen_as:\n")
	for _, s := range a.SeenAs {
		fmt.Fprintf(&b, "  - %s\n", yamlString(s))
	}
	fmt.Fprintf(&b, "functions: %s\n", yamlList(g.pickN(functions, 2+g.r.IntN(3))))
	if len(seeAlso) > 0 {
		fmt.Fprintf(&b, "see_also: %s\n", yamlList(seeAlso))
	}
	b.WriteString("---\n\n")

	b.WriteString("## What it means\n\n")
	b.WriteString(g.paragraph(45, comp, names, id) + "\n\n")
	b.WriteString(g.paragraph(35, comp, names, id) + "\n\n")
	b.WriteString("## Common causes\n\n")
	for range 4 + g.r.IntN(2) {
		fmt.Fprintf(&b, "- **%s.** %s\n", capitalize(g.pick(reasons)), g.paragraph(12, comp, names, id))
	}
	b.WriteString("\n## How to diagnose\n\n")
	b.WriteString(g.paragraph(40, comp, names, id) + "\n\n")
	b.WriteString(g.powershell(comp, names[0]) + "\n")
	b.WriteString(g.paragraph(25, comp, names, id) + "\n\n")
	b.WriteString("## How to fix\n\n")
	for k := range 4 {
		fmt.Fprintf(&b, "%d. %s\n", k+1, g.paragraph(16, comp, names, id))
	}
	if nKB > 0 && g.r.IntN(10) == 0 {
		fmt.Fprintf(&b, "\nKB %s describes a known cause of this error.\n", kbID(g.r.IntN(nKB)))
	}
	b.WriteString("\n## For developers\n\n")
	b.WriteString(g.paragraph(40, comp, names, id) + "\n\n")
	b.WriteString(g.cCode(id, code) + "\n")
	fmt.Fprintf(&b, "Call `%s` again only after the %s is back, and log `%d` with the remote address.\n", g.pick(functions), comp, code)
	return "errors/" + id + ".md", []byte(b.String()), a
}

func (g *gen) kbArticle(i int) (string, []byte, synthArticle) {
	id := kbID(i)
	names := g.pickN(g.names, 2)
	comp := g.pick(components)
	errs := make([]string, 0, 3)
	for len(errs) < 1+g.r.IntN(3) {
		e := errorID(1 + g.r.IntN(g.nErrors))
		if !contains(errs, e) {
			errs = append(errs, e)
		}
	}
	a := synthArticle{ID: id, Words: append(append([]string{}, names...), strings.Fields(comp)...)}
	a.Title = fmt.Sprintf("%s %s %s on %s", capitalize(names[0]), comp, g.pick(failures), g.pick(products))
	a.Summary = fmt.Sprintf("A defect in the %s %s made %s fail with %s; fixed by an update.", names[0], comp, g.pick(functions), errs[0])

	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\nkind: kb\ntitle: %s\nsummary: %s\nerrors: %s\napplies_to: %s\naliases: [Q%s]\n---\n\n",
		yamlString(id), yamlString(a.Title), yamlString(a.Summary), yamlList(errs), yamlList(g.pickN(products, 2)), id)
	for _, sec := range []string{"Symptoms", "Cause", "Resolution", "Workaround", "Status", "More information"} {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", sec, g.paragraph(40, comp, names, errs[0]))
		if sec == "Workaround" {
			b.WriteString(g.powershell(comp, names[0]) + "\n")
		}
	}
	return "kb/" + id + ".md", []byte(b.String()), a
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A query for the latency measurement, and the article it should find
// ("" when any answer will do).
type query struct {
	kind, text, want string
}

// Queries returns n queries over the corpus, in a fixed mix of the ways
// people search: ids in any case, codes in decimal and hex, pasted runtime
// lines, Windows messages, titles, a few distinctive words, plain symptom
// words, and typos (which take search's fuzzy path).
func (c *Corpus) Queries(n int, seed uint64) []query {
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func() synthArticle { return c.Articles[r.IntN(len(c.Articles))] }
	pickErr := func() synthArticle {
		for {
			if a := pick(); a.Code != 0 {
				return a
			}
		}
	}
	var qs []query
	for len(qs) < n {
		switch len(qs) % 10 {
		case 0:
			a := pick()
			t := a.ID
			if r.IntN(2) == 0 {
				t = strings.ToLower(t)
			}
			if a.Code == 0 {
				t = "KB" + a.ID
			}
			qs = append(qs, query{"id", t, a.ID})
		case 1:
			a := pickErr()
			t := strconv.Itoa(a.Code)
			if r.IntN(2) == 0 {
				t = fmt.Sprintf("0x%X", a.Code)
			}
			qs = append(qs, query{"code", t, a.ID})
		case 2, 3:
			a := pickErr()
			qs = append(qs, query{"pasted", a.SeenAs[r.IntN(len(a.SeenAs))], a.ID})
		case 4:
			a := pickErr()
			qs = append(qs, query{"message", a.Message, ""})
		case 5:
			a := pick()
			qs = append(qs, query{"title", a.Title, a.ID})
		case 6:
			a := pick()
			qs = append(qs, query{"words", strings.Join(a.Words, " "), ""})
		case 7:
			qs = append(qs, query{"symptom", fmt.Sprintf("%s %s %s", components[r.IntN(len(components))], failures[r.IntN(len(failures))], adjectives[r.IntN(len(adjectives))]), ""})
		case 8:
			qs = append(qs, query{"symptom", reasons[r.IntN(len(reasons))], ""})
		case 9:
			a := pick()
			w := []byte(a.Words[0])
			k := 1 + r.IntN(len(w)-2)
			w[k], w[k+1] = w[k+1], w[k]
			qs = append(qs, query{"typo", string(w) + " " + a.Words[len(a.Words)-1], ""})
		}
	}
	return qs
}

// The generator's output must stay a valid corpus as the schema evolves;
// a small one loads in well under a second.
func TestGeneratedCorpusLoads(t *testing.T) {
	c := GenerateCorpus(300, 10, 1)
	corpus, err := content.Load(c.FS)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(corpus.Articles()); got != 310 {
		t.Fatalf("loaded %d articles, want 310", got)
	}
	a := corpus.Article("WSAEX00001")
	if a == nil || len(a.Headings) < 5 || !strings.Contains(a.HTML, "<pre") {
		t.Fatalf("WSAEX00001: want five sections and code blocks, got %+v", a)
	}
	words := len(strings.Fields(a.Text))
	if words < 300 || words > 600 {
		t.Errorf("WSAEX00001 has %d words of body text, want about 400", words)
	}
	if qs := c.Queries(50, 1); len(qs) != 50 {
		t.Fatalf("%d queries, want 50", len(qs))
	}
}

// TestLargeCorpusRecognized loads a corpus larger than the built-in one
// many times over (its recognizer's literal table outgrows 16-bit states)
// and checks its index recognizes an article by its message.
func TestLargeCorpusRecognized(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a corpus of 2,000 articles takes seconds to index")
	}
	c := GenerateCorpus(2000, 10, 2)
	corpus, err := content.Load(c.FS)
	if err != nil {
		t.Fatal(err)
	}
	x, err := search.New(corpus)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	a := corpus.Article("WSAEX01999")
	res, err := x.Search("SocketException: "+a.Message, 3)
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Article != a || res.Hits[0].Match != search.Exact {
		t.Fatalf("searching for WSAEX01999's message %q: %+v, %v; want it first, exact", a.Message, res, err)
	}
}
