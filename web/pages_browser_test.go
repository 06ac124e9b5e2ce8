package web

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pageTypes are the kinds of page the site has, one of each, and the
// status each answers with.
var pageTypes = []struct {
	name, path string
	status     int64
}{
	{"home", "/", 200},
	{"error", "/errors/WSAECONNRESET", 200},
	{"posix error", "/errors/EAI_AGAIN", 200},
	{"known issue", "/kb/196271", 200},
	{"errors list", "/errors", 200},
	{"known issues list", "/kb", 200},
	{"scan form", "/scan", 200},
	{"search results", "/search?q=" + url.QueryEscape("java.net.SocketException: Connection reset"), 200},
	{"not a socket error", "/search?q=" + url.QueryEscape("ModuleNotFoundError: No module named 'numpy'"), 200},
	{"no results", "/search?q=zzyzx+qwxv", 200},
	{"not found", "/connection/reset", 404},
}

// commonTen are the ten errors people look up most: their quick fix must
// start above the fold of a desktop screen.
var commonTen = []string{
	"WSAECONNRESET", "WSAECONNABORTED", "WSAETIMEDOUT", "WSAECONNREFUSED", "WSAEADDRINUSE",
	"WSAEACCES", "WSAENOBUFS", "WSAHOST_NOT_FOUND", "WSAEADDRNOTAVAIL", "WSAENETUNREACH",
}

// TestPagesInBrowser proves in real Chromium what issue 12 asks of the
// pages: the quick fix above the fold on a 1280×800 desktop for the most
// common errors; every highlighted token readable (4.5:1) in both themes,
// computed in the page; no horizontal overflow at 320 px; the theme switch
// remembered across a reload; copy buttons that copy; and no accessibility
// violation that axe-core finds on any page type, in light and dark, on a
// desktop and a phone. axe-core comes from npm: SOCKERR_AXE names its
// axe.min.js (CI installs it); without it the axe checks are skipped,
// unless SOCKERR_BROWSER=1.
func TestPagesInBrowser(t *testing.T) {
	base := serveSite(t)
	b := startBrowser(t, 4*time.Minute)
	b.base = base
	b.grantClipboard()
	viewport := func(w, h int64) {
		t.Helper()
		b.do(chromedp.EmulateViewport(w, h))
	}

	// 1. The quick fix starts above the fold.
	b.setStep("fold")
	viewport(1280, 800)
	for _, id := range commonTen {
		b.open("/errors/"+id, 200)
		top := evalJS[float64](b, `document.getElementById("quick-fix").getBoundingClientRect().top`)
		if top <= 0 || top > 800-40 {
			t.Errorf("/errors/%s at 1280×800: the quick fix starts at %.0f px, want within the first screen (800 px, with room for a line)", id, top)
		}
	}
	b.shot("error-desktop-fold", false)

	// 2. Every token of every code block is readable, in both themes.
	b.setStep("contrast")
	for _, theme := range []string{"light", "dark"} {
		for _, p := range []string{"/errors/WSAECONNRESET", "/errors/WSAEADDRINUSE", "/errors/EPIPE", "/errors/WSAENOTSOCK"} {
			b.open(p, 200)
			b.do(chromedp.Evaluate[chromedp.Void](`document.documentElement.setAttribute("data-theme", "` + theme + `")`))
			var worst struct {
				Ratio     float64
				Text, Cls string
				Fg, Bg    string
				Tokens    int
			}
			raw := evalJS[string](b, tokenContrast)
			if err := json.Unmarshal([]byte(raw), &worst); err != nil {
				t.Fatalf("%s: %v (%s)", p, err, raw)
			}
			if worst.Tokens == 0 {
				t.Errorf("%s: no highlighted tokens found", p)
			}
			if worst.Ratio < 4.5 {
				t.Errorf("%s in %s: token %q (.%s) is %s on %s, %.2f:1, want at least 4.5:1", p, theme, worst.Text, worst.Cls, worst.Fg, worst.Bg, worst.Ratio)
			}
			t.Logf("%s in %s: %d tokens, lowest contrast %.2f:1 (.%s %q)", p, theme, worst.Tokens, worst.Ratio, worst.Cls, worst.Text)
		}
	}

	// 3. The theme switch, remembered across a reload.
	b.setStep("theme")
	b.open("/errors/WSAECONNRESET", 200)
	b.colorScheme("light")
	b.do(chromedp.Click(chromedp.CSS(`.theme button[data-theme-choice="dark"]`)))
	b.open("/errors/WSAECONNRESET", 200)
	if th := evalJS[string](b, `document.documentElement.getAttribute("data-theme") || ""`); th != "dark" {
		t.Errorf("after choosing Dark and reloading, data-theme = %q, want dark", th)
	}
	if bg := evalJS[string](b, `getComputedStyle(document.body).backgroundColor`); luminance(t, bg) > 0.05 {
		t.Errorf("after choosing Dark and reloading on a light system, the background is %s", bg)
	}
	if pressed := evalJS[string](b, `document.querySelector('.theme [aria-pressed="true"]').getAttribute("data-theme-choice")`); pressed != "dark" {
		t.Errorf("after the reload the switch shows %q pressed, want dark", pressed)
	}
	b.shot("error-dark-chosen", false)
	b.do(chromedp.Click(chromedp.CSS(`.theme button[data-theme-choice="system"]`)))
	b.open("/errors/WSAECONNRESET", 200)
	if th := evalJS[string](b, `document.documentElement.getAttribute("data-theme") || ""`); th != "" {
		t.Errorf("after choosing System and reloading, data-theme = %q, want none", th)
	}

	// 4. Copy buttons copy: a code block and a line of "How it shows up".
	b.setStep("copy")
	code := evalJS[string](b, `document.querySelector(".body pre code").textContent`)
	b.do(chromedp.Click(chromedp.CSS(`.body pre .copy`)))
	b.waitJS("the code block's button to say Copied", `document.querySelector(".body pre .copy").textContent === "Copied"`)
	b.wantClipboard(code)
	seen := evalJS[string](b, `document.getElementById("seen-0").textContent`)
	b.do(chromedp.Click(chromedp.CSS(`#seen-0 + .copy`)))
	b.waitJS("the line's button to say Copied", `document.querySelector("#seen-0 + .copy").textContent === "Copied"`)
	b.wantClipboard(seen)

	// 5. Nothing is wider than a 320 px screen.
	b.setStep("reflow")
	viewport(320, 640)
	for _, pt := range pageTypes {
		b.allow404(base + pt.path)
		b.open(pt.path, pt.status)
		if msg := evalJS[string](b, overflowCheck); msg != "" {
			t.Errorf("%s (%s) at 320 px wide: %s", pt.name, pt.path, msg)
		}
	}
	b.allow404("")
	b.open("/errors/WSAECONNRESET", 200)
	b.shot("error-320", false)
	viewport(390, 844)
	b.open("/errors/WSAECONNRESET", 200)
	b.shot("error-phone-390", false)
	b.open("/errors", 200)
	b.shot("errors-list-phone", false)

	// 6. A log file chosen on /scan is sent at once, and its report fits
	// a phone.
	b.setStep("scan")
	scanReport := func() {
		t.Helper()
		b.open("/scan", 200)
		log, err := filepath.Abs("testdata/windows.log")
		if err != nil {
			t.Fatal(err)
		}
		b.follow("choosing windows.log", chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{log}), 200)
		if n := evalJS[int](b, `document.querySelectorAll(".report-row").length`); n != 4 {
			t.Errorf("the report of windows.log has %d rows, want 4", n)
		}
	}
	scanReport()
	if msg := evalJS[string](b, overflowCheck); msg != "" {
		t.Errorf("the scan's report at 390 px wide: %s", msg)
	}
	b.shot("scan-report-phone", true)

	// 7. axe-core finds nothing, on every page type, in both themes, on a
	// desktop and on a phone.
	b.setStep("axe")
	axe := os.Getenv("SOCKERR_AXE")
	if axe == "" {
		if os.Getenv("SOCKERR_BROWSER") == "1" {
			t.Fatal("SOCKERR_BROWSER=1 but SOCKERR_AXE does not name axe-core's axe.min.js (npm install axe-core)")
		}
		t.Log("SOCKERR_AXE is not set (the path of axe-core's axe.min.js, from npm): skipping the accessibility checks")
		return
	}
	src, err := os.ReadFile(axe)
	if err != nil {
		t.Fatalf("SOCKERR_AXE: %v", err)
	}
	runs := 0
	for _, vp := range []struct {
		name string
		w, h int64
	}{{"desktop", 1280, 800}, {"phone", 320, 640}} {
		viewport(vp.w, vp.h)
		for _, theme := range []string{"light", "dark"} {
			b.colorScheme(theme)
			for _, pt := range pageTypes {
				b.allow404(base + pt.path)
				b.open(pt.path, pt.status)
				runAxe(b, pt.name+" ("+pt.path+"), "+theme+", "+vp.name, string(src))
				runs++
			}
			b.allow404("")
			scanReport()
			runAxe(b, "scan report, "+theme+", "+vp.name, string(src))
			runs++
		}
	}
	b.colorScheme("light")
	t.Logf("axe-core ran on %d page views (%d page types and a scan's report × light, dark × desktop, phone)", runs, len(pageTypes))
}

// runAxe injects axe-core into the page open in b and reports each
// violation it finds under label.
func runAxe(b *browserTest, label, src string) {
	t := b.t
	t.Helper()
	// Injected through DevTools, which the page's CSP does not govern.
	b.do(chromedp.Evaluate[chromedp.Void](src))
	raw := evalJS[string](b, axeRun, chromedp.EvalAwaitPromise)
	var violations []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		t.Fatalf("axe on %s: %v (%s)", label, err, raw)
	}
	for _, v := range violations {
		t.Errorf("axe, %s: %s (%s): %s: %s", label, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
	}
}

// tokenContrast is a script that finds, among the highlighted tokens of
// the page's code blocks, the one with the lowest contrast against its
// block's background, and returns it as JSON with the number of tokens.
const tokenContrast = `(function () {
	function rgb(s) { var m = s.match(/\d+(\.\d+)?/g).map(Number); return m; }
	function lum(c) {
		return [0, 1, 2].map(function (i) {
			var v = c[i] / 255;
			return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
		}).reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
	}
	var worst = {Ratio: 99, Tokens: 0};
	document.querySelectorAll("pre.chroma").forEach(function (pre) {
		var bg = getComputedStyle(pre).backgroundColor;
		pre.querySelectorAll("span").forEach(function (s) {
			if (s.children.length || !s.textContent.trim()) return;
			var cs = getComputedStyle(s), own = cs.backgroundColor, back = bg;
			if (rgb(own).length < 4 || rgb(own)[3] > 0) back = own;
			var a = lum(rgb(cs.color)), b = lum(rgb(back));
			var r = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
			worst.Tokens++;
			if (r < worst.Ratio) { worst = {Ratio: r, Text: s.textContent.slice(0, 30), Cls: s.className, Fg: cs.color, Bg: back, Tokens: worst.Tokens}; }
		});
	});
	return JSON.stringify(worst);
})()`

// axeRun is a script that runs axe-core on the page (WCAG 2.x A and AA
// rules, and best practices) and returns its violations as JSON.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
	return JSON.stringify(r.violations.map(function (v) {
		return {ID: v.id, Impact: v.impact || "", Help: v.help,
			Nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" ") + ": " + (n.failureSummary || "").split("\n").slice(1, 2).join(""); })};
	}));
})`
