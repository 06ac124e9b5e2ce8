// sockerr: as-you-type search, "/" to focus the search box, copy buttons,
// the theme switch, the filter of /errors, and long pastes sent as POST.
// No dependencies, no inline handlers: the page works without this file.
(function () {
  "use strict";

  // The site's own address, from this script's: the site may be served
  // under a path (https://org.example/kb/sockerr/static/app.….js).
  var script = document.currentScript;
  var base = script ? script.src.replace(/\/static\/[^\/]*$/, "") : "";

  // The theme: the system's, or the reader's choice, remembered.
  var root = document.documentElement;
  var saved = "";
  try { saved = localStorage.getItem("theme") || ""; } catch (e) {}
  if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);
  var themes = document.querySelector(".theme");
  if (themes) {
    themes.hidden = false;
    var mark = function (choice) {
      themes.querySelectorAll("button").forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-theme-choice") === choice ? "true" : "false");
      });
    };
    mark(saved || "system");
    themes.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-theme-choice]");
      if (!b) return;
      var choice = b.getAttribute("data-theme-choice");
      if (choice === "system") root.removeAttribute("data-theme"); else root.setAttribute("data-theme", choice);
      try { if (choice === "system") localStorage.removeItem("theme"); else localStorage.setItem("theme", choice); } catch (err) {}
      mark(choice);
    });
  }

  // A paste too long for a URL goes as a POST (the server takes both).
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!f.matches || !f.matches("form[role=search]")) return;
    var q = f.querySelector("input[name=q]");
    if (q && encodeURIComponent(q.value).length > 6000) f.method = "post";
  });

  var box = document.querySelector("input[data-suggest]");

  // "/" focuses the search box, as on most documentation sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !box) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  if (box) suggest(box);

  function suggest(input) {
    var form = input.form;
    var list = document.createElement("ul");
    list.className = "suggest";
    list.id = "suggest-" + input.id;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    var timer = 0, seq = 0, active = -1, items = [];

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchHits, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        window.location.href = items[active].url;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("focus", function () { if (items.length) open(); });

    function fetchHits() {
      var q = input.value.trim();
      if (!q) { render([]); return; }
      var mine = ++seq;
      fetch(base + "/api/v1/search?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
        .then(function (data) { if (mine === seq) render(data.hits || []); })
        .catch(function () { if (mine === seq) render([]); });
    }

    function render(hits) {
      items = hits;
      active = -1;
      list.textContent = "";
      hits.forEach(function (h, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = document.createElement("a");
        a.href = h.url;
        a.tabIndex = -1;
        var name = document.createElement("span");
        name.className = "s-name";
        name.textContent = h.kind === "kb" ? "KB " + h.id : h.id;
        a.appendChild(name);
        if (h.code) {
          var code = document.createElement("span");
          code.className = "s-code";
          code.textContent = h.code;
          a.appendChild(code);
        }
        var title = document.createElement("span");
        title.className = "s-title";
        title.textContent = h.title;
        a.appendChild(title);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (hits.length) {
        var all = document.createElement("li");
        var a = document.createElement("a");
        a.className = "s-all";
        a.href = base + "/search?q=" + encodeURIComponent(input.value.trim());
        a.tabIndex = -1;
        a.textContent = "All results for \u201c" + input.value.trim().slice(0, 60) + "\u201d";
        all.appendChild(a);
        list.appendChild(all);
        open();
      } else {
        close();
      }
    }

    function move(d) {
      if (!items.length) return;
      active = (active + d + items.length) % items.length;
      Array.prototype.forEach.call(list.querySelectorAll("[role=option]"), function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", list.id + "-" + active);
    }
    function open() { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
  }

  // Copy buttons: one for every element marked data-copy (Windows'
  // message, each line of "How it shows up") and every code block.
  document.querySelectorAll("[data-copy], pre").forEach(function (el) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy";
    b.textContent = "Copy";
    b.setAttribute("aria-label", "Copy " + (el.tagName === "PRE" ? "the code" : "“" + el.textContent.trim().slice(0, 40) + "”"));
    b.addEventListener("click", function () {
      var text = el.tagName === "PRE" ? (el.querySelector("code") || el).textContent : el.textContent.trim();
      copy(text).then(function () { copied(b); }, function () {});
    });
    if (el.tagName === "PRE") el.appendChild(b); else el.parentNode.insertBefore(b, el.nextSibling);
  });
  // Heading anchors copy their absolute link as well as navigating.
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.anchor") : null;
    if (!a) return;
    copy(new URL(a.getAttribute("href"), window.location.href).href).then(function () { copied(a); }, function () {});
  });
  function copied(el) {
    el.setAttribute("data-copied", "");
    if (el.tagName === "BUTTON") el.textContent = "Copied";
    setTimeout(function () {
      el.removeAttribute("data-copied");
      if (el.tagName === "BUTTON") el.textContent = "Copy";
    }, 1600);
  }

  // The filter of a list (/errors): items whose text holds every word.
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter"));
    var status = input.parentNode.querySelector("[role=status]");
    if (!list) return;
    input.parentNode.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      list.querySelectorAll("[data-group]").forEach(function (g) {
        var any = false;
        g.querySelectorAll("[data-item]").forEach(function (it) {
          var text = it.textContent.toLowerCase();
          var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
          it.hidden = !ok;
          if (ok) { any = true; shown++; }
        });
        g.hidden = !any;
      });
      if (status) status.textContent = words.length ? shown + (shown === 1 ? " error matches." : " errors match.") : "";
    });
  });

  // The scan form: a file dropped on the log box is scanned at once; a
  // file over the limit is refused before it is sent.
  document.querySelectorAll("form[data-scan]").forEach(function (form) {
    var box = form.querySelector("textarea"), file = form.querySelector("input[type=file]");
    var status = form.querySelector("[role=status]"), limit = +form.getAttribute("data-scan");
    var big = function (f) {
      if (f.size <= limit) return false;
      status.textContent = f.name + " is larger than " + Math.round(limit / 1048576) + " MB: run sockerr scan on it instead.";
      return true;
    };
    var send = function () {
      if (!file.files.length || big(file.files[0])) return;
      box.value = "";
      status.textContent = "Scanning " + file.files[0].name + "…";
      form.requestSubmit ? form.requestSubmit() : form.submit();
    };
    file.addEventListener("change", send);
    box.addEventListener("dragover", function (e) {
      if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0) {
        e.preventDefault();
        box.classList.add("dropping");
      }
    });
    box.addEventListener("dragleave", function () { box.classList.remove("dropping"); });
    box.addEventListener("drop", function (e) {
      box.classList.remove("dropping");
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      e.preventDefault();
      file.files = e.dataTransfer.files;
      send();
    });
    form.addEventListener("submit", function (e) {
      if (file.files.length && big(file.files[0])) e.preventDefault();
    });
  });

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "visually-hidden";
      document.body.appendChild(ta);
      ta.select();
      try { document.execCommand("copy") ? resolve() : reject(); } catch (err) { reject(err); }
      document.body.removeChild(ta);
    });
  }
})();
