package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sockerr/sockerr/content"
)

// TestBrowser drives a real headless Chromium through the site, served over
// loopback HTTP: the "/" shortcut, as-you-type suggestions, keyboard
// selection, the search page, see-also links, the copy buttons, dark mode
// and a phone-sized viewport. Every page must load with no console error,
// no uncaught exception and no Content Security Policy violation.
//
// It skips when no Chromium is installed, unless SOCKERR_BROWSER=1, which
// makes a missing browser a failure (set it in CI). A screenshot of each
// step is saved under the test's temporary directory, or under
// SOCKERR_SCREENSHOTS/TestBrowser when that is set (the temporary directory is removed
// when the test ends).
func TestBrowser(t *testing.T) {
	start := time.Now()
	b := startBrowser(t, 90*time.Second) // or skip
	base := serveSite(t)
	b.base = base
	bctx := b.ctx
	b.grantClipboard()

	const pasted = "read tcp 192.0.2.7:51000->198.51.100.3:5671: wsarecv: An existing connection was forcibly closed by the remote host."
	const article = "/errors/WSAECONNRESET"

	// 1. The home page.
	b.setStep("home")
	b.open("/", 200)
	b.shot("home", false)

	// 2. "/" focuses the search box. The box has autofocus, so blur it
	// first, or the key would simply be typed into it.
	b.setStep("slash")
	b.do(chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
	if id := evalJS[string](b, `document.activeElement ? document.activeElement.id : ""`); id == "q" {
		t.Fatal("the search box still has focus after blur()")
	}
	b.do(pressKey("/"))
	b.waitJS(`the search box to have focus after pressing "/"`, `!!document.activeElement && document.activeElement.id === "q"`)
	if v := evalJS[string](b, `document.getElementById("q").value`); v != "" {
		t.Errorf(`after pressing "/" the search box holds %q, want it empty (the key must not be typed)`, v)
	}
	b.shot("home-slash-focus", false)

	// 3. Type a pasted error; the suggestions list opens with WSAECONNRESET first.
	b.setStep("suggest")
	b.typeAndWaitForSuggestions(pasted)
	// The API answers absolute URLs, so the suggestions link to them.
	if href := evalJS[string](b, `document.querySelector("ul.suggest [role=option] a").getAttribute("href")`); href != base+article {
		t.Errorf("first suggestion for %q links to %q, want %q", pasted, href, base+article)
	}
	if v := evalJS[string](b, `document.getElementById("q").getAttribute("aria-expanded")`); v != "true" {
		t.Errorf(`search box aria-expanded = %q with the list open, want "true"`, v)
	}
	b.shot("home-suggestions", false)

	// 4a. ArrowDown selects the first suggestion; Enter opens it.
	b.setStep("suggest-select")
	b.do(pressKey(kb.ArrowDown))
	b.waitJS("the first suggestion to be selected",
		`document.querySelector("ul.suggest [role=option]").getAttribute("aria-selected") === "true" &&
		 document.getElementById("q").getAttribute("aria-activedescendant") === document.querySelector("ul.suggest [role=option]").id`)
	b.shot("home-suggestion-selected", false)
	b.follow("Enter on the selected suggestion", pressKey(kb.Enter), 200)
	b.wantPath(article)
	b.shot("article", true)

	// 4b. From the article's header search box: "/", type, Enter with no
	// suggestion selected submits the form; the first hit is the article.
	b.setStep("search-submit")
	b.do(chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
	b.do(pressKey("/"))
	b.waitJS(`the header search box to have focus after pressing "/"`, `!!document.activeElement && document.activeElement.id === "q"`)
	b.typeAndWaitForSuggestions(pasted)
	b.follow("Enter in the search box", pressKey(kb.Enter), 200)
	b.wantPath("/search")
	if q := evalJS[string](b, `new URLSearchParams(location.search).get("q")`); q != pasted {
		t.Errorf("search page q = %q, want %q", q, pasted)
	}
	if href := evalJS[string](b, `(document.querySelector("ol.hits li.hit a") || {getAttribute() { return "(no hits)" }}).getAttribute("href")`); href != article {
		t.Fatalf("first search hit links to %q, want %q", href, article)
	}
	if msg := evalJS[string](b, snippetCheck); msg != "" {
		t.Errorf("search results: %s", msg)
	}
	b.shot("search-results", false)
	b.follow("click on the first hit", chromedp.Click(chromedp.CSS("ol.hits li.hit a")), 200)
	b.wantPath(article)

	// 5. A see-also link leads to another article.
	b.setStep("see-also")
	const seeAlso = "section[aria-labelledby=see-also] a"
	href := evalJS[string](b, `(document.querySelector("`+seeAlso+`") || {getAttribute() { return "" }}).getAttribute("href")`)
	if !strings.HasPrefix(href, "/errors/") || href == article {
		t.Fatalf("first see-also link of %s is %q, want another /errors/ page", article, href)
	}
	b.follow("click on the first see-also link", chromedp.Click(chromedp.CSS(seeAlso)), 200)
	b.wantPath(href)
	b.shot("see-also", false)

	// 6. Copy a heading's link, then the Windows message. The script sets
	// data-copied for 1.6 s; an observer records it so the check does not
	// race the timer.
	b.setStep("copy")
	b.open(article, 200)
	b.do(chromedp.Evaluate[chromedp.Void](`window.__copied = [];
		new MutationObserver(function (ms) {
			ms.forEach(function (m) {
				if (m.target.hasAttribute("data-copied")) {
					window.__copied.push({tag: m.target.tagName, href: m.target.getAttribute("href"), text: m.target.textContent});
				}
			});
		}).observe(document.body, {attributes: true, attributeFilter: ["data-copied"], subtree: true});`))
	anchor := evalJS[string](b, `document.querySelector("a.anchor").getAttribute("href")`)
	if !strings.HasPrefix(anchor, "#") {
		t.Fatalf("first heading anchor links to %q, want a #fragment", anchor)
	}
	b.do(chromedp.Click(chromedp.CSS("a.anchor")))
	b.waitJS("the heading anchor to get data-copied", `window.__copied.some(function (c) { return c.tag === "A"; })`)
	// The click scrolls the heading away from the pointer, so the anchor
	// is neither hovered nor focused: its "link copied" note must show
	// anyway (data-copied lasts 1.6 s, the fade-in 0.15 s).
	b.waitJS(`the anchor's "link copied" note to be visible`, `(function (a) {
		return a.hasAttribute("data-copied") && getComputedStyle(a).opacity === "1";
	})(document.querySelector("a.anchor"))`)
	b.shot("anchor-copied", false)
	if h := evalJS[string](b, `location.hash`); h != anchor {
		t.Errorf("after clicking the anchor location.hash = %q, want %q", h, anchor)
	}
	if msg := evalJS[string](b, targetCheck); msg != "" {
		t.Errorf("after clicking the anchor %s: %s", anchor, msg)
	}
	b.wantClipboard(base + article + anchor)
	b.do(chromedp.Click(chromedp.CSS("button.copy")))
	b.waitJS(`the copy button to say "Copied"`, `window.__copied.some(function (c) { return c.tag === "BUTTON" && c.text === "Copied"; })`)
	b.shot("message-copied", false)
	b.wantClipboard(evalJS[string](b, `document.getElementById("message").textContent.trim()`))
	b.waitJS(`the copy button to go back to "Copy"`, `(function (b) { return b.textContent === "Copy" && !b.hasAttribute("data-copied"); })(document.querySelector("button.copy"))`)

	// 7. Dark mode: the page follows prefers-color-scheme.
	b.setStep("dark")
	lightBg := evalJS[string](b, `getComputedStyle(document.body).backgroundColor`)
	b.colorScheme("dark")
	darkBg := evalJS[string](b, `getComputedStyle(document.body).backgroundColor`)
	darkFg := evalJS[string](b, `getComputedStyle(document.body).color`)
	if darkBg == lightBg {
		t.Errorf("body background is %s in both light and dark mode", darkBg)
	}
	if l := luminance(t, darkBg); l > 0.05 {
		t.Errorf("dark mode body background %s has luminance %.2f, want a dark colour (≤ 0.05)", darkBg, l)
	}
	if l := luminance(t, lightBg); l < 0.8 {
		t.Errorf("light mode body background %s has luminance %.2f, want a light colour (≥ 0.8)", lightBg, l)
	}
	if c := contrast(t, darkFg, darkBg); c < 7 {
		t.Errorf("dark mode text %s on %s has contrast %.1f:1, want at least 7:1", darkFg, darkBg, c)
	}
	t.Logf("body background: light %s, dark %s", lightBg, darkBg)
	b.shot("article-dark", false)
	b.open("/", 200)
	b.shot("home-dark", false)
	b.colorScheme("light")

	// 8. Phone width: nothing is wider than the screen.
	b.setStep("phone")
	b.do(chromedp.EmulateViewport(390, 844))
	for _, p := range []string{article, "/", article + anchor, "/kb/196271", "/search?q=" + url.QueryEscape(pasted)} {
		b.open(p, 200)
		if w := evalJS[int](b, `window.innerWidth`); w != 390 {
			t.Errorf("%s: window.innerWidth = %d with a 390 px viewport", p, w)
		}
		if msg := evalJS[string](b, overflowCheck); msg != "" {
			t.Errorf("%s at 390 px wide: %s", p, msg)
		}
		switch p {
		case article:
			b.shot("article-phone", false)
		case article + anchor:
			if msg := evalJS[string](b, targetCheck); msg != "" {
				t.Errorf("%s at 390 px wide: %s", p, msg)
			}
			b.shot("article-phone-fragment", false)
		case "/":
			b.shot("home-phone", false)
		}
	}
	// chromedp.ResetViewport leaves a headless window at 390 px.
	if _, err := chromedp.Call(bctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		t.Fatalf("clearing the viewport override: %v", err)
	}

	// 9. A known issue, a 404 page, a search with no results.
	b.setStep("kb")
	b.open("/kb/196271", 200)
	if w := evalJS[int](b, `window.innerWidth`); w != 1280 {
		t.Errorf("window.innerWidth = %d after the phone emulation ended, want 1280", w)
	}
	if s := evalJS[string](b, `document.querySelector(".codes-line .pill").textContent`); s != "KB 196271" {
		t.Errorf("/kb/196271: first pill is %q, want %q", s, "KB 196271")
	}
	b.shot("kb", true)

	// A path that names no article but reads like a message: the 404
	// page suggests articles (a path that reads like nothing suggests none).
	b.setStep("404")
	b.allow404(base + "/connection/reset")
	b.open("/connection/reset", 404)
	if h := evalJS[string](b, `document.getElementById("problem-title").textContent`); h != "Page not found" {
		t.Errorf("404 page heading = %q, want %q", h, "Page not found")
	}
	if msg := evalJS[string](b, snippetCheck); msg != "" {
		t.Errorf("404 page: %s", msg)
	}
	b.shot("not-found", true)
	b.allow404("")

	b.setStep("no-results")
	b.open("/search?q=zzyzx+qwxv", 200)
	b.waitJS("the no-results advice", `!!document.querySelector("section.results .unrecognized") && !document.querySelector("ol.hits")`)
	b.shot("search-no-results", true)

	// The collector must see each kind of problem, or the checks above
	// prove nothing: log a console error, throw an uncaught exception and
	// inject an inline script, which the policy blocks.
	b.setStep("canary")
	if ran := evalJS[bool](b, `(function () {
		console.error("sockerr canary");
		setTimeout(function () { throw new Error("sockerr canary"); }, 0);
		var s = document.createElement("script");
		s.textContent = "window.__inlineRan = true";
		document.head.appendChild(s);
		return window.__inlineRan === true;
	})()`); ran {
		t.Error("an injected inline script ran: the Content-Security-Policy does not block inline scripts")
	}
	for _, c := range []struct{ kind, text string }{
		{"console error", "console.error: sockerr canary"},
		{"uncaught exception", "Error: sockerr canary"},
		{"CSP violation", "Content Security Policy"},
	} {
		if !b.waitProblem("canary", c.text, 5*time.Second) {
			t.Errorf("the page made a %s but the collector did not see it: the console checks cannot see one", c.kind)
		}
	}
	b.setStep("end")
	for _, p := range b.takeProblems("canary") {
		t.Logf("canary seen: %s", p.text)
	}
	t.Logf("%d screenshots in %s; browser steps took %v", b.n, b.shots, time.Since(start).Round(time.Millisecond))
}

// overflowCheck is a script that returns "" when the page is no wider
// than the window, or else the widths and the elements that stick out.
const overflowCheck = `(function () {
	var w = window.innerWidth, sw = document.documentElement.scrollWidth;
	if (sw <= w + 1) return "";
	var wide = [];
	document.querySelectorAll("body *").forEach(function (el) {
		var r = el.getBoundingClientRect();
		if (r.right > w + 1 && wide.length < 5) {
			wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
				(el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") +
				" (right edge " + Math.round(r.right) + ")");
		}
	});
	return "document is " + sw + " px wide in a " + w + " px window; too wide: " + wide.join(", ");
})()`

// snippetCheck is a script that returns "" when the page's search
// snippets show highlighted words, or else what is wrong: the snippets are
// HTML (escaped text with <mark>), and must not be escaped a second time.
const snippetCheck = `(function () {
	var all = document.querySelectorAll(".snippet");
	if (!all.length) return "no .snippet on the page";
	for (var i = 0; i < all.length; i++) {
		var t = all[i].textContent;
		if (/<\/?mark>|&(gt|lt|amp|quot|#34|#39);/.test(t)) return "a snippet shows HTML as text (escaped twice?): " + JSON.stringify(t.slice(0, 100));
	}
	if (!document.querySelector(".snippet mark")) return "no snippet highlights a word with <mark>";
	return "";
})()`

// pressKey presses and releases one key as a keyboard does: the keydown
// carries the character, so a page that cancels the keydown also cancels
// the typing (chromedp.KeyEvent sends the character as a separate event,
// which Chromium inserts even when the keydown was cancelled, and which
// submits a form on Enter even when the page handled the key).
func pressKey(key string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range key {
			evs := kb.Encode(r)
			down, up := *evs[0], *evs[len(evs)-1]
			if len(evs) == 3 { // keyDown, char, keyUp
				down.Text, down.UnmodifiedText = evs[1].Text, evs[1].UnmodifiedText
			} else {
				down.Type = input.DispatchKeyEventTypeRawKeyDown
			}
			for _, ev := range []input.DispatchKeyEventParams{down, up} {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// targetCheck is a script that returns "" when the element the URL's
// #fragment names is in view below the sticky masthead, or else why not.
const targetCheck = `(function () {
	var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
	if (!el) return "no element has the id " + location.hash;
	var top = el.getBoundingClientRect().top, bar = document.querySelector(".masthead").getBoundingClientRect().bottom;
	if (top < bar - 1) return "the target's top is at " + Math.round(top) + " px, hidden under the sticky masthead, which ends at " + Math.round(bar) + " px";
	if (top > window.innerHeight / 2) return "the target's top is at " + Math.round(top) + " px, not scrolled to";
	return "";
})()`

// serveSite serves sockerr's built-in content on a real loopback listener,
// with its own address as the base URL, and returns that address. Faults
// (5xx) are logged at error level; any warning or error the server logs
// fails the test when it ends.
func serveSite(t *testing.T) string {
	t.Helper()
	var serverLog lockedBuffer
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	srv, err := New(Config{BaseURL: base, Logger: slog.New(slog.NewTextHandler(&serverLog, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Load(content.FS); err != nil {
		t.Fatal(err)
	}
	srv.WaitCompressed()
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		if s := serverLog.String(); s != "" {
			t.Errorf("the server logged warnings or errors:\n%s", s)
		}
	})
	return base
}

// startBrowser starts a headless Chromium with one tab for a test, which
// must end within timeout. It skips the test when no Chromium is
// installed, unless SOCKERR_BROWSER=1, which makes that a failure.
// Screenshots go to the test's temporary directory, or to
// SOCKERR_SCREENSHOTS/{test name} when SOCKERR_SCREENSHOTS is set.
//
// Whatever the tab reports — console errors, uncaught exceptions, Content
// Security Policy violations — fails the test when it ends, however it
// ends (after a t.Fatal it is often the cause), as does a failure with
// Chromium's own output shown.
func startBrowser(t *testing.T, timeout time.Duration) *browserTest {
	t.Helper()
	exe := findChromium()
	if exe == "" {
		if os.Getenv("SOCKERR_BROWSER") == "1" {
			t.Fatal("SOCKERR_BROWSER=1 but no chromium, chromium-browser or google-chrome is on PATH")
		}
		t.Skip("no chromium, chromium-browser or google-chrome on PATH (Debian: apt-get install chromium); set SOCKERR_BROWSER=1 to make this a failure")
	}

	shots := os.Getenv("SOCKERR_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else {
		shots = filepath.Join(shots, t.Name()) // one folder per test
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatalf("SOCKERR_SCREENSHOTS: %v", err)
	}
	t.Logf("screenshots: %s", shots)

	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	t.Cleanup(cancel)
	var chromeOut lockedBuffer
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&chromeOut),
	)
	t.Cleanup(acancel)

	b := &browserTest{t: t, shots: shots}
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithListener(b.listen))
	t.Cleanup(bcancel)
	b.ctx = bctx
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("chromium output (without D-Bus noise):\n%s", chromiumLog(chromeOut.String(), 40))
		}
	})
	t.Cleanup(func() {
		for _, p := range b.takeProblems("") {
			t.Errorf("browser, step %s: %s", p.step, p.text)
		}
	})

	start := time.Now()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	t.Logf("started %s in %v", exe, time.Since(start).Round(time.Millisecond))
	if _, err := chromedp.Call(bctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enabling the log domain: %v", err)
	}
	return b
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserTest is one browser tab on the site, with what it has seen.
type browserTest struct {
	t     *testing.T
	ctx   context.Context
	base  string // the site's origin, as the browser sees it
	shots string // screenshot directory
	n     int    // screenshots taken

	mu       sync.Mutex
	step     string
	ok404    string // the one URL whose 404 the browser may log
	problems []browserProblem
}

type browserProblem struct{ step, text string }

func (b *browserTest) setStep(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.step = s
}

func (b *browserTest) allow404(u string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ok404 = u
}

func (b *browserTest) report(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, browserProblem{b.step, fmt.Sprintf(format, args...)})
}

// listen runs in the tab's event loop for every event: it must return
// quickly and send no command.
func (b *browserTest) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			b.report("console.%s: %s", ev.Type, argsText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		b.report("uncaught exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, text)
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		csp := strings.Contains(e.Text, "Content Security Policy")
		if !csp && e.Level != cdplog.EntryLevelError {
			return
		}
		b.mu.Lock()
		expected := !csp && e.Source == cdplog.EntrySourceNetwork && e.URL != "" && e.URL == b.ok404 && strings.Contains(e.Text, "404")
		b.mu.Unlock()
		if !expected {
			b.report("log %s/%s: %s (%s)", e.Source, e.Level, e.Text, e.URL)
		}
	}
}

func argsText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a.Type == runtime.RemoteObjectTypeString:
			var s string
			if err := json.Unmarshal(a.Value, &s); err == nil {
				parts = append(parts, s)
				continue
			}
			parts = append(parts, string(a.Value))
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

// takeProblems removes the problems reported during step, or all of them
// when step is "", and returns them.
func (b *browserTest) takeProblems(step string) []browserProblem {
	b.mu.Lock()
	defer b.mu.Unlock()
	var taken, kept []browserProblem
	for _, p := range b.problems {
		if step == "" || p.step == step {
			taken = append(taken, p)
		} else {
			kept = append(kept, p)
		}
	}
	b.problems = kept
	return taken
}

// waitProblem waits until a problem reported during step mentions substr.
func (b *browserTest) waitProblem(step, substr string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		b.mu.Lock()
		for _, p := range b.problems {
			if p.step == step && strings.Contains(p.text, substr) {
				b.mu.Unlock()
				return true
			}
		}
		b.mu.Unlock()
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (b *browserTest) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("step %s: %v", b.step, err)
	}
}

func evalJS[T any](b *browserTest, expr string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		b.t.Fatalf("step %s: evaluating %s: %v", b.step, expr, err)
	}
	return v
}

// waitJS waits until the JavaScript expression is true.
func (b *browserTest) waitJS(what, expr string) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Poll[bool](expr,
		chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		loc, _ := chromedp.Run(b.ctx, chromedp.Location())
		b.t.Fatalf("step %s: waiting for %s on %s: %v", b.step, what, loc, err)
	}
}

// open loads a page of the site, checks its status, and waits until
// app.js has run.
func (b *browserTest) open(path string, status int64) {
	b.t.Helper()
	b.navigate(b.base+path, status)
	b.waitScript()
}

// navigate loads any URL and checks its status.
func (b *browserTest) navigate(u string, status int64) *network.Response {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		b.t.Fatalf("step %s: opening %s: %v", b.step, u, err)
	}
	switch {
	case resp == nil:
		b.t.Fatalf("step %s: opening %s: no response (a navigation within the page?)", b.step, u)
	case resp.Status != status:
		b.t.Errorf("step %s: %s answered %d, want %d", b.step, u, resp.Status, status)
	}
	return resp
}

// follow runs an action that navigates, such as a click on a link, and
// waits for the new page.
func (b *browserTest) follow(what string, a chromedp.Action[chromedp.Void], status int64) *network.Response {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		b.t.Fatalf("step %s: %s: no new page: %v", b.step, what, err)
	}
	switch {
	case resp == nil:
		b.t.Fatalf("step %s: %s: no response (a navigation within the page?)", b.step, what)
	case resp.Status != status:
		b.t.Errorf("step %s: %s: %s answered %d, want %d", b.step, what, resp.URL, resp.Status, status)
	}
	b.waitScript()
	return resp
}

// waitScript waits until app.js has set up the search box of the page.
func (b *browserTest) waitScript() {
	b.t.Helper()
	b.waitJS("app.js to set up the search box", `document.readyState === "complete" &&
		!!document.querySelector("input[data-suggest]") &&
		document.querySelector("input[data-suggest]").getAttribute("role") === "combobox"`)
}

func (b *browserTest) wantPath(want string) {
	b.t.Helper()
	if p := evalJS[string](b, `location.pathname`); p != want {
		b.t.Fatalf("step %s: at %s, want %s", b.step, p, want)
	}
}

// typeAndWaitForSuggestions types text into the focused search box with
// real key events and waits until the suggestions for all of it are shown.
func (b *browserTest) typeAndWaitForSuggestions(text string) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(text))
	if v := evalJS[string](b, `document.getElementById("q").value`); v != text {
		b.t.Fatalf("step %s: the search box holds %q after typing, want %q", b.step, v, text)
	}
	b.waitJS("the suggestions for the whole text", `(function () {
		var l = document.querySelector("ul.suggest"), all = l && l.querySelector("a.s-all");
		return !!l && !l.hidden && l.querySelectorAll("[role=option]").length > 0 && !!all &&
			all.href === location.origin + "/search?q=" + encodeURIComponent(document.getElementById("q").value.trim());
	})()`)
}

// grantClipboard lets the site read and write the clipboard, so copy
// buttons can be checked.
func (b *browserTest) grantClipboard() {
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(b.ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name},
			Setting:    browser.PermissionSettingGranted,
			Origin:     b.base,
		})
		if err != nil {
			b.t.Logf("granting %s: %v (the clipboard checks may fail)", name, err)
		}
	}
}

// wantClipboard checks the clipboard holds want, when the browser lets the
// page read it.
func (b *browserTest) wantClipboard(want string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Logf("step %s: the clipboard is not readable (%v); not checking its text", b.step, err)
		return
	}
	if got != want {
		b.t.Errorf("step %s: clipboard holds %q, want %q", b.step, got, want)
		return
	}
	b.t.Logf("clipboard holds %q", got)
}

func (b *browserTest) colorScheme(scheme string) {
	b.t.Helper()
	_, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		b.t.Fatalf("emulating prefers-color-scheme: %s: %v", scheme, err)
	}
	b.waitJS("prefers-color-scheme: "+scheme, `matchMedia("(prefers-color-scheme: `+scheme+`)").matches`)
}

// shot saves a PNG of the viewport, or of the whole page.
func (b *browserTest) shot(name string, fullPage bool) {
	b.t.Helper()
	a := chromedp.CaptureScreenshot()
	if fullPage {
		a = chromedp.FullScreenshot(100)
	}
	buf, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Errorf("step %s: screenshot %s: %v", b.step, name, err)
		return
	}
	b.n++
	file := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		b.t.Errorf("saving screenshot: %v", err)
	}
}

var rgbColor = regexp.MustCompile(`^rgba?\((\d+), (\d+), (\d+)`)

// luminance is the WCAG relative luminance of a computed CSS colour.
func luminance(t *testing.T, css string) float64 {
	t.Helper()
	m := rgbColor.FindStringSubmatch(css)
	if m == nil {
		t.Fatalf("cannot parse the colour %q", css)
	}
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		c, _ := strconv.Atoi(m[i+1])
		v := float64(c) / 255
		if v <= 0.04045 {
			v /= 12.92
		} else {
			v = math.Pow((v+0.055)/1.055, 2.4)
		}
		l += w * v
	}
	return l
}

func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// chromiumLog is the last n lines of Chromium's output that are not
// complaints about a missing D-Bus, which containers do not have.
func chromiumLog(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if !strings.Contains(l, "dbus") && !strings.Contains(l, "D-Bus") {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
