// sockerr auto-linker. One line in a wiki's footer,
//   <script src="https://sockerr.example/autolink.js" defer></script>
// turns every Winsock error the page's text mentions into a link to its
// sockerr article, with a card on hover and keyboard focus. It links:
//   names that are articles     WSAECONNRESET, WSA_IO_PENDING
//   Winsock codes (10004-11033) error 10054, [WinError 10054], errno 10060,
//   after words that make them  socket error 10061, SocketException (10054);
//   one                         after "SocketException (" any code (995)
//   HRESULTs of Winsock codes   0x80072746
//   known issues                KB196271, KB 196271, Q196271
// It leaves alone code (unless the tag has data-code="true"), links, form
// fields, editable regions and anything inside [data-sockerr-skip], and it
// links text added later. No dependencies, no inline style or markup: the
// host page's CSP need only allow this origin for script, style and connect.
(function () {
  "use strict";

  // document.currentScript is only set while the script first runs.
  var me = document.currentScript || document.querySelector("script[src$='/autolink.js']");
  if (!me || window.sockerrAutolink) return; // included twice
  window.sockerrAutolink = true;
  var origin = new URL(me.src, location.href).origin;

  var CODE = "pre,code,kbd,samp,tt,.code,.syntaxhighlighter,.mw-highlight,.mw-code,.codeContent,.CodeMirror";
  var SKIP = "a,button,input,select,textarea,option,script,style,noscript,template,svg,math,iframe," +
    "[contenteditable],[role=button],[role=link],[role=textbox],[data-sockerr-skip]" +
    (me.getAttribute("data-code") === "true" ? "" : "," + CODE);

  // The groups: 1 a name; 2 what makes the number after it a code, 3 the
  // code; 4 the Win32 code in an HRESULT; 5 a KB number.
  var RE = /\b(WSA[A-Z_]+)\b|\b((?:WinError|errno|(?:native|socket)?error(?:\s?code)?|SocketException\s?\()\s?[:#=]?\s?)(\d{2,5})\b|\b0x8007([0-9a-f]{4})\b|\b(?:KB\s?|Q)(\d{5,7})\b/gi;
  var HINT = /WSA|\d\d/i; // cheap test: can a text node hold any of them?

  var table; // {names: {WSAECONNRESET: entry}, codes: {10054: entry}, kbs: {196271: entry}}; entry = [url, api path]

  // Which articles exist: one request per tab session.
  function load() {
    var key = "sockerr-autolink-1 " + origin, t; // the 1: the table's format
    try { t = JSON.parse(sessionStorage.getItem(key)); } catch (e) { /* storage disabled */ }
    if (t && t.names) return Promise.resolve(t);
    return fetch(origin + "/api/v1/errors", { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (d) {
        t = { names: {}, codes: {}, kbs: {} };
        d.errors.forEach(function (e) {
          var v = [e.url, "errors/" + e.id];
          if (/^WSA/.test(e.id)) t.names[e.id] = v; // POSIX names (EPIPE) are not Winsock's
          if (e.code) t.codes[e.code] = v;
        });
        (d.known_issues || []).forEach(function (e) { t.kbs[e.id] = [e.url, "kb/" + e.id]; });
        try { sessionStorage.setItem(key, JSON.stringify(t)); } catch (e) { /* full or disabled */ }
        return t;
      });
  }

  // The article a match names, and the text to link, or null.
  function resolve(m) {
    var n;
    if (m[1]) return [table.names[m[1]], m.index, m[1]];
    if (m[3]) {
      // A code below 10000 is Win32's as much as Winsock's ("error 87"):
      // only a SocketException's is surely a socket error.
      n = +m[3];
      if (n < 10000 && !/^SocketException/i.test(m[2])) return null;
      return [table.codes[n], m.index + m[2].length, m[3]];
    }
    if (m[4]) {
      n = parseInt(m[4], 16); // 0x80070057 is E_INVALIDARG, not a socket error
      return [n >= 10000 && table.codes[n], m.index, m[0]];
    }
    return [table.kbs[m[5]], m.index, m[0]];
  }

  // linkText replaces a text node with text and links.
  function linkText(node) {
    var s = node.data, last = 0, frag = null, m, r;
    RE.lastIndex = 0;
    while ((m = RE.exec(s))) {
      r = resolve(m);
      if (!r || !r[0]) continue;
      frag = frag || document.createDocumentFragment();
      if (r[1] > last) frag.append(s.slice(last, r[1]));
      var a = document.createElement("a");
      a.className = "sockerr-link";
      a.href = r[0][0];
      a.setAttribute("data-sockerr", r[0][1]);
      a.textContent = r[2];
      frag.append(a);
      last = r[1] + r[2].length;
    }
    if (!frag) return;
    if (last < s.length) frag.append(s.slice(last));
    node.replaceWith(frag);
  }

  // scan links the text in and under a node that was not skipped.
  function scan(root) {
    if (!root.isConnected) return;
    if (root.nodeType === 3) {
      if (root.parentElement && !root.parentElement.closest(SKIP) && HINT.test(root.data)) linkText(root);
      return;
    }
    if (root.nodeType !== 1 || root.closest(SKIP)) return;
    var w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        if (n.nodeType === 1) return n.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
        return HINT.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    var found = [], n;
    while ((n = w.nextNode())) found.push(n);
    found.forEach(linkText); // after the walk: replacing nodes would derail it
  }

  // Content added later is linked in batches.
  var queue = [], timer = 0;
  var mo = new MutationObserver(function (recs) {
    take(recs);
    if (queue.length && !timer) timer = setTimeout(flush, 80);
  });
  function take(recs) {
    recs.forEach(function (r) { r.addedNodes.forEach(function (n) { queue.push(n); }); });
  }
  function flush() {
    take(mo.takeRecords());
    timer = 0;
    var q = queue;
    queue = [];
    q.forEach(scan);
    mo.takeRecords(); // our own changes
  }

  // The card: one element, shown for one link at a time.
  var card, cur = null, hideTimer = 0, cache = {};

  function article(path) {
    if (!cache[path]) {
      cache[path] = fetch(origin + "/api/v1/" + path, { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .catch(function () { delete cache[path]; return null; });
    }
    return cache[path];
  }

  function show(a) {
    clearTimeout(hideTimer);
    if (cur === a) return;
    hide();
    cur = a;
    article(a.getAttribute("data-sockerr")).then(function (d) {
      if (d && cur === a) render(a, d);
    });
  }

  function hide() {
    clearTimeout(hideTimer);
    if (cur) cur.removeAttribute("aria-describedby");
    cur = null;
    if (card) card.hidden = true;
  }

  // hideSoon leaves time to move the pointer onto the card.
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function add(parent, cls, text) {
    var el = document.createElement("div");
    el.className = cls;
    el.textContent = text;
    parent.appendChild(el);
  }

  function render(a, d) {
    if (!card) {
      card = document.createElement("div");
      card.id = "sockerr-card";
      card.className = "sockerr-card";
      card.setAttribute("role", "tooltip");
      card.setAttribute("data-sockerr-skip", "");
      card.style.position = "fixed"; // even before autolink.css arrives: never in the page's flow
      card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      card.addEventListener("mouseleave", function () { if (document.activeElement !== cur) hideSoon(); });
      document.body.appendChild(card);
    }
    card.textContent = "";
    add(card, "sockerr-id", d.kind === "kb" ? "KB " + d.id : [d.id, d.code, d.hex].filter(Boolean).join(" \u00b7 "));
    add(card, "sockerr-title", d.title);
    if (d.message) add(card, "sockerr-msg", "\u201c" + d.message + "\u201d");
    add(card, "sockerr-sum", d.summary);
    add(card, "sockerr-more", "sockerr \u2014 follow the link for the full article");
    card.hidden = false;
    a.setAttribute("aria-describedby", card.id);
    place();
  }

  // place puts the card under the link, or above it when there is no room
  // below, inside the window.
  function place() {
    if (!cur || !card || card.hidden) return;
    if (!cur.isConnected) { hide(); return; } // the page replaced the link
    var r = cur.getBoundingClientRect(), w = card.offsetWidth, h = card.offsetHeight;
    var vw = document.documentElement.clientWidth, vh = window.innerHeight, top = r.bottom + 6;
    if (top + h > vh - 6 && r.top - h - 6 >= 0) top = r.top - h - 6;
    card.style.left = Math.max(6, Math.min(r.left, vw - w - 6)) + "px";
    card.style.top = top + "px";
  }

  function linkOf(t) {
    return t && t.closest ? t.closest("a.sockerr-link") : null;
  }

  function start() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = origin + "/autolink.css";
    var styled = new Promise(function (done) { css.onload = css.onerror = done; });
    document.head.appendChild(css);

    Promise.all([load(), styled]).then(function (r) {
      table = r[0];
      scan(document.body);
      mo.observe(document.body, { childList: true, subtree: true });
    }).catch(function () { /* sockerr unreachable: leave the page as it is */ });

    document.addEventListener("mouseover", function (e) { var a = linkOf(e.target); if (a) show(a); });
    document.addEventListener("mouseout", function (e) {
      var a = linkOf(e.target);
      if (a && a === cur && !a.contains(e.relatedTarget) && document.activeElement !== a) hideSoon();
    });
    document.addEventListener("focusin", function (e) { var a = linkOf(e.target); if (a) show(a); });
    document.addEventListener("focusout", function (e) { if (linkOf(e.target) === cur) hide(); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && cur) hide(); });
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true); // any scrolling container
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
