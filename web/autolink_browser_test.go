package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestAutolink runs the auto-linker the way a wiki runs it: the fixture
// page testdata/wiki.html, served from one origin with a strict Content
// Security Policy that takes scripts, styles and requests only from
// sockerr, which is served from another. In a real headless Chromium it
// checks that the page's error names, codes, HRESULTs and KB numbers become
// links to their articles and nothing else does (code, links, form fields,
// editable and skipped regions stay as they were); that text added later
// is linked too; that the card shows on keyboard focus and on hover, stays
// while the pointer is on it, closes on Escape, reads well in light and
// dark mode and moves nothing on the page; that the list of errors is
// fetched once per tab session; and that data-code="true" on the tag links
// code too. No console error, no uncaught exception
// and no CSP violation may happen.
//
// Like TestBrowser it skips without Chromium unless SOCKERR_BROWSER=1.
func TestAutolink(t *testing.T) {
	b := startBrowser(t, 60*time.Second) // or skip
	base := serveSite(t)
	b.base = base

	// The wiki, on another origin ("localhost" rather than 127.0.0.1: a
	// different site, not just another port).
	fixture, err := os.ReadFile("testdata/wiki.html")
	if err != nil {
		t.Fatal(err)
	}
	pageHTML := strings.ReplaceAll(string(fixture), "SOCKERR_ORIGIN", base)
	csp := "default-src 'self'; script-src " + base + "; style-src " + base + "; connect-src " + base +
		"; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
	wikiSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/wiki/Order_service":
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			io.WriteString(w, pageHTML)
		case "/wiki/Order_service_code": // the same page, with code linked too
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			io.WriteString(w, strings.Replace(pageHTML, " defer></script>", ` defer data-code="true"></script>`, 1))
		case "/favicon.ico":
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(wikiSrv.Close)
	_, port, _ := net.SplitHostPort(wikiSrv.Listener.Addr().String())
	wiki := "http://localhost:" + port + "/wiki/Order_service"

	// Every CSP violation, as the page sees it: the listener is added by
	// the debugger, which the page's policy does not restrict.
	_, err = chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		window.__csp = [];
		document.addEventListener("securitypolicyviolation", function (e) {
			window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
		});`})
	if err != nil {
		t.Fatalf("adding the CSP listener: %v", err)
	}

	// 1. Load the page; the script links what it recognises.
	b.setStep("load")
	b.navigate(wiki, 200)
	b.waitLinked()
	b.shot("wiki", true)
	if n := evalJS[int](b, `performance.getEntriesByType("resource").filter(function (e) { return e.name === "`+base+`/api/v1/errors"; }).length`); n != 1 {
		t.Errorf("the page requested %s/api/v1/errors %d times, want once", base, n)
	}
	if !evalJS[bool](b, `!!document.querySelector('head link[rel=stylesheet][href="`+base+`/autolink.css"]')`) {
		t.Errorf("autolink.js added no <link rel=stylesheet href=%s/autolink.css> to the head", base)
	}
	if s := evalJS[string](b, `getComputedStyle(document.querySelector("a.sockerr-link")).textDecorationStyle`); s != "dotted" {
		t.Errorf("a linked error's text-decoration-style is %q, want dotted: autolink.css did not apply", s)
	}

	type link struct{ Where, Text, Href string }
	const linksJS = `Array.prototype.map.call(document.querySelectorAll("a.sockerr-link"), function (a) {
		return {Where: a.parentElement.closest("[id]").id, Text: a.textContent, Href: a.href};
	})`
	kbLink := base + "/kb/196271"
	want := []link{
		{"reset", "WSAECONNRESET", base + "/errors/WSAECONNRESET"},
		{"refused", "10061", base + "/errors/WSAECONNREFUSED"},
		{"hresult", "0x8007274C", base + "/errors/WSAETIMEDOUT"},
		{"hresult", "KB196271", kbLink},
		{"hresult", "Q196271", kbLink},
		{"more", "10054", base + "/errors/WSAECONNRESET"},
		{"more", "10053", base + "/errors/WSAECONNABORTED"},
		{"more", "10065", base + "/errors/WSAEHOSTUNREACH"},
		{"more", "10060", base + "/errors/WSAETIMEDOUT"},
		{"more", "995", base + "/errors/WSA_OPERATION_ABORTED"},
		{"more", "WSA_IO_PENDING", base + "/errors/WSA_IO_PENDING"},
		{"more", "KB 196271", kbLink},
	}
	got := evalJS[[]link](b, linksJS)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the page's sockerr links:\n got %v\nwant %v", got, want)
	}

	// Linking keeps the text as it was, and leaves alone what it must.
	for _, id := range []string{"reset", "refused", "hresult", "more", "unlinked"} {
		m := regexp.MustCompile(`(?s)<p id="` + id + `">(.*?)</p>`).FindStringSubmatch(pageHTML)
		if m == nil {
			t.Fatalf("testdata/wiki.html has no <p id=%q>", id)
		}
		wantText := strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], "")), " ")
		if s := evalJS[string](b, `document.getElementById("`+id+`").textContent.trim().split(/\s+/).join(" ")`); s != wantText {
			t.Errorf("#%s reads %q after linking, want %q", id, s, wantText)
		}
	}
	for _, c := range []struct{ what, js string }{
		{"the <pre> block", `document.getElementById("pre").childElementCount === 0`},
		{"the <code> span", `document.querySelector("#codespan code").childElementCount === 0`},
		{"the .mw-highlight block", `document.querySelector(".mw-highlight pre").childElementCount === 0`},
		{"the existing link", `document.querySelectorAll("#link a").length === 1 && document.querySelector("#link a").getAttribute("href") === "/wiki/Timeouts" && document.querySelector("#link a").childElementCount === 0`},
		{"the textarea", `document.getElementById("note").value === "WSAEACCES when binding port 80" && document.getElementById("note").childElementCount === 0`},
		{"the input", `document.getElementById("summary").value === "WSAEADDRINUSE"`},
		{"the button", `document.querySelector("#notes button").childElementCount === 0`},
		{"the [data-sockerr-skip] paragraph", `document.getElementById("skip").childElementCount === 0`},
		{"the [contenteditable] region", `document.getElementById("editable").childElementCount === 0`},
	} {
		if !evalJS[bool](b, c.js) {
			t.Errorf("%s was changed: %s is false", c.what, c.js)
		}
	}

	// 2. Text added later is linked; code added later is not.
	b.setStep("later")
	b.do(chromedp.Evaluate[chromedp.Void](`(function () {
		var p = document.createElement("p"), pre = document.createElement("pre");
		p.id = "later";
		p.textContent = "Later: socket error 10060, then WSAENOTSOCK.";
		pre.id = "later-pre";
		pre.textContent = "WSAEINTR";
		document.querySelector(".mw-parser-output").append(p, pre);
	})()`))
	b.waitJS("the paragraph added later to be linked", `document.querySelectorAll("#later a.sockerr-link").length === 2`)
	got = evalJS[[]link](b, `Array.prototype.slice.call(`+linksJS+`).filter(function (l) { return l.Where === "later"; })`)
	wantLater := []link{{"later", "10060", base + "/errors/WSAETIMEDOUT"}, {"later", "WSAENOTSOCK", base + "/errors/WSAENOTSOCK"}}
	if fmt.Sprint(got) != fmt.Sprint(wantLater) {
		t.Errorf("links in the paragraph added later:\n got %v\nwant %v", got, wantLater)
	}
	if !evalJS[bool](b, `document.getElementById("later-pre").childElementCount === 0`) {
		t.Error("a <pre> added later was linked")
	}

	// 3. Keyboard: Tab reaches the first linked error; its card shows.
	b.setStep("focus")
	layout := evalJS[string](b, layoutJS)
	b.do(chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))
	for i := 0; ; i++ {
		if i == 10 {
			t.Fatalf("10 presses of Tab did not reach a linked error; focus is on %s", evalJS[string](b, `document.activeElement.outerHTML.slice(0, 80)`))
		}
		b.do(pressKey(kb.Tab))
		if evalJS[bool](b, `document.activeElement.matches("a.sockerr-link")`) {
			break
		}
	}
	if s := evalJS[string](b, `document.activeElement.textContent`); s != "WSAECONNRESET" {
		t.Errorf("the first linked error Tab reaches is %q, want WSAECONNRESET", s)
	}
	b.waitCard("WSAECONNRESET")
	b.checkCard(base+"/api/v1/errors/WSAECONNRESET", "WSAECONNRESET · 10054 · 0x2746")
	if l := evalJS[string](b, layoutJS); l != layout {
		t.Errorf("showing the card moved the page:\nbefore %s\nafter  %s", layout, l)
	}
	b.shot("card-focus", false)

	// Escape closes it; focus stays on the link.
	b.do(pressKey(kb.Escape))
	b.waitJS("Escape to close the card", `document.getElementById("sockerr-card").hidden && !document.activeElement.hasAttribute("aria-describedby")`)
	if s := evalJS[string](b, `document.activeElement.textContent`); s != "WSAECONNRESET" {
		t.Errorf("after Escape the focus is on %q, want the link WSAECONNRESET", s)
	}
	// Tab to the next one: its card replaces the closed one.
	b.do(pressKey(kb.Tab))
	b.waitCard("10061")
	b.do(pressKey(kb.Escape))
	b.waitJS("Escape to close the card", `document.getElementById("sockerr-card").hidden`)
	b.do(chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))

	// 4. Pointer: hovering shows the card; it stays while the pointer is
	// on it, goes when the pointer leaves, and Escape closes it.
	b.setStep("hover")
	b.hover(`#hresult a.sockerr-link`)
	b.waitCard("0x8007274C")
	b.checkCard(base+"/api/v1/errors/WSAETIMEDOUT", "WSAETIMEDOUT · 10060 · 0x274C")
	b.shot("card-hover", false)
	b.hover(`#sockerr-card`)
	b.do(chromedp.Sleep(500 * time.Millisecond))
	if !evalJS[bool](b, `!document.getElementById("sockerr-card").hidden`) {
		t.Error("the card closed when the pointer moved from the link onto it")
	}
	b.do(chromedp.MouseEvent(chromedp.MouseMoved, 2, 2))
	b.waitJS("the card to close when the pointer leaves", `document.getElementById("sockerr-card").hidden`)
	b.hover(`#hresult a.sockerr-link[href$="/kb/196271"]`)
	b.waitCard("KB196271")
	b.checkCard(base+"/api/v1/kb/196271", "KB 196271")
	b.do(pressKey(kb.Escape))
	b.waitJS("Escape to close the hovered card", `document.getElementById("sockerr-card").hidden && !document.querySelector("[aria-describedby]")`)
	b.do(chromedp.MouseEvent(chromedp.MouseMoved, 2, 2))

	// 5. Dark mode: the card follows prefers-color-scheme.
	b.setStep("dark")
	for _, scheme := range []string{"light", "dark"} {
		b.colorScheme(scheme)
		b.hover(`#more a.sockerr-link`)
		b.waitCard("10054")
		bg := evalJS[string](b, `getComputedStyle(document.getElementById("sockerr-card")).backgroundColor`)
		for _, part := range []string{"", ".sockerr-id", ".sockerr-more"} {
			fg := evalJS[string](b, `getComputedStyle(document.querySelector("#sockerr-card `+part+`")).color`)
			if c := contrast(t, fg, bg); c < 7 {
				t.Errorf("%s mode: the card's text %s (#sockerr-card %s) on %s has contrast %.1f:1, want at least 7:1", scheme, fg, part, bg, c)
			}
		}
		if l := luminance(t, bg); (scheme == "dark") != (l < 0.05) {
			t.Errorf("%s mode: the card's background %s has luminance %.2f", scheme, bg, l)
		}
		b.shot("card-"+scheme, false)
		b.do(chromedp.MouseEvent(chromedp.MouseMoved, 2, 2))
		b.waitJS("the card to close", `document.getElementById("sockerr-card").hidden`)
	}
	b.colorScheme("light")

	// 6. The links move no text: without them the page is laid out the same.
	b.setStep("layout")
	layout = evalJS[string](b, layoutJS)
	b.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("a.sockerr-link").forEach(function (a) { a.replaceWith(a.textContent); })`))
	if l := evalJS[string](b, layoutJS); l != layout {
		t.Errorf("the page is laid out differently with the links than without:\nwith    %s\nwithout %s", layout, l)
	}

	// 7. Another page in the same tab session: the list of errors comes
	// from sessionStorage, not the network.
	b.setStep("reload")
	b.navigate(wiki, 200)
	b.waitLinked()
	if n := evalJS[int](b, `performance.getEntriesByType("resource").filter(function (e) { return e.name.indexOf("`+base+`/api/v1/errors") === 0; }).length`); n != 0 {
		t.Errorf("after a reload the page requested the errors list %d times, want none (sessionStorage)", n)
	}
	if n := evalJS[int](b, `document.querySelectorAll("a.sockerr-link").length`); n != len(want) {
		t.Errorf("after a reload %d errors are linked, want %d", n, len(want))
	}

	// 8. With data-code="true" on the tag, code is linked too; links,
	// form fields and skipped regions still are not.
	b.setStep("data-code")
	b.navigate(strings.Replace(wiki, "Order_service", "Order_service_code", 1), 200)
	b.waitLinked()
	got = evalJS[[]link](b, `Array.prototype.slice.call(`+linksJS+`).filter(function (l) { return l.Where === "pre" || l.Where === "codespan"; })`)
	wantCode := []link{
		{"pre", "WSAECONNABORTED", base + "/errors/WSAECONNABORTED"},
		{"pre", "10053", base + "/errors/WSAECONNABORTED"},
		{"codespan", "WSAECONNABORTED", base + "/errors/WSAECONNABORTED"},
	}
	if fmt.Sprint(got) != fmt.Sprint(wantCode) {
		t.Errorf("with data-code=\"true\", the links in code:\n got %v\nwant %v", got, wantCode)
	}
	if s := evalJS[string](b, `(document.querySelector(".mw-highlight a.sockerr-link") || {href: ""}).href`); s != base+"/errors/WSAECONNRESET" {
		t.Errorf("with data-code=\"true\", the .mw-highlight block's socket error 10054 links to %q, want %s/errors/WSAECONNRESET", s, base)
	}
	if n := evalJS[int](b, `document.querySelectorAll("#link a a, #skip a, #notes a, #editable a, #unlinked a").length`); n != 0 {
		t.Errorf("with data-code=\"true\", %d links inside a link, a skipped region, the form or the editable region", n)
	}

	// No CSP violation so far; then make one to show the checks see it.
	b.setStep("csp")
	if v := evalJS[[]string](b, `window.__csp`); len(v) != 0 {
		t.Errorf("CSP violations on the wiki page: %q", v)
	}
	b.setStep("canary")
	b.do(chromedp.Evaluate[chromedp.Void](`(function () {
		var s = document.createElement("style");
		s.textContent = "body { outline: 1px solid red }";
		document.head.appendChild(s);
	})()`))
	b.waitJS("the page to see the inline style blocked", `window.__csp.length > 0`)
	if !b.waitProblem("canary", "Content Security Policy", 5*time.Second) {
		t.Error("an inline style broke the wiki's CSP but the collector did not see it: the CSP checks cannot see a violation")
	}
	b.takeProblems("canary")
}

// layoutJS is a script that returns where the wiki page's blocks are.
const layoutJS = `JSON.stringify(Array.prototype.map.call(document.querySelectorAll("#content p, #content pre, #content h2, #footer, form"), function (e) {
	var r = e.getBoundingClientRect();
	return [e.id || e.tagName, Math.round(r.left + scrollX), Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height)];
})) + " " + document.documentElement.scrollWidth + "x" + document.documentElement.scrollHeight`

// waitLinked waits until autolink.js has linked the page.
func (b *browserTest) waitLinked() {
	b.t.Helper()
	b.waitJS("autolink.js to link the page", `document.readyState === "complete" && !!document.querySelector("a.sockerr-link")`)
}

// hover moves the pointer to the middle of the element a selector names.
func (b *browserTest) hover(sel string) {
	b.t.Helper()
	xy := evalJS[[]float64](b, `(function (r) { return [r.left + r.width / 2, r.top + r.height / 2]; })(document.querySelector('`+sel+`').getBoundingClientRect())`)
	b.do(chromedp.MouseEvent(chromedp.MouseMoved, xy[0], xy[1]))
}

// waitCard waits until the card shows for the link whose text is text,
// described by it.
func (b *browserTest) waitCard(text string) {
	b.t.Helper()
	b.waitJS("the card for "+text, `(function (c) {
		var a = document.querySelector("a.sockerr-link[aria-describedby]");
		return !!c && !c.hidden && !!c.textContent && !!a && a.textContent === "`+text+`" &&
			a.getAttribute("aria-describedby") === c.id && c.getAttribute("role") === "tooltip";
	})(document.getElementById("sockerr-card"))`)
}

// checkCard checks the card shows the article at api (its title, Windows'
// message and summary, under the heading head), fixed in the window next to
// its link.
func (b *browserTest) checkCard(api, head string) {
	b.t.Helper()
	resp, err := http.Get(api)
	if err != nil {
		b.t.Fatal(err)
	}
	var doc struct{ Title, Message, Summary string }
	err = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if err != nil {
		b.t.Fatalf("%s: %v", api, err)
	}
	type part struct{ Class, Text string }
	got := evalJS[[]part](b, `Array.prototype.map.call(document.getElementById("sockerr-card").children, function (e) { return {Class: e.className, Text: e.textContent}; })`)
	want := []part{{"sockerr-id", head}, {"sockerr-title", doc.Title}}
	if doc.Message != "" {
		want = append(want, part{"sockerr-msg", "“" + doc.Message + "”"})
	}
	want = append(want, part{"sockerr-sum", doc.Summary}, part{"sockerr-more", "sockerr — follow the link for the full article"})
	if fmt.Sprint(got) != fmt.Sprint(want) {
		b.t.Errorf("step %s: the card reads\n%v\nwant\n%v", b.step, got, want)
	}
	if msg := evalJS[string](b, `(function (c, a) {
		var r = c.getBoundingClientRect(), l = a.getBoundingClientRect();
		if (getComputedStyle(c).position !== "fixed") return "the card's position is " + getComputedStyle(c).position + ", want fixed";
		if (r.left < 0 || r.right > document.documentElement.clientWidth || r.top < 0 || r.bottom > innerHeight) return "the card sticks out of the window";
		if (!(r.top >= l.bottom && r.top - l.bottom < 20) && !(r.bottom <= l.top && l.top - r.bottom < 20)) return "the card is not next to its link: card " + JSON.stringify(r) + ", link " + JSON.stringify(l);
		if (r.width < 150 || r.width > 24 * 16 + 1) return "the card is " + r.width + " px wide";
		return "";
	})(document.getElementById("sockerr-card"), document.querySelector("a.sockerr-link[aria-describedby]"))`); msg != "" {
		b.t.Errorf("step %s: %s", b.step, msg)
	}
}
