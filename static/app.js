// sockerr: as-you-type search, "/" to focus the search box, copy buttons.
// No dependencies, no inline handlers: the page works without this file.
(function () {
  "use strict";

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
      fetch("/api/v1/search?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
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
        a.href = "/search?q=" + encodeURIComponent(input.value.trim());
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

  // Copy buttons: data-copy-target names the element whose text to copy.
  // Heading anchors copy their absolute link as well as navigating.
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-copy-target], a.anchor") : null;
    if (!el) return;
    var text;
    if (el.matches("a.anchor")) {
      text = new URL(el.getAttribute("href"), window.location.href).href;
    } else {
      var src = document.getElementById(el.getAttribute("data-copy-target"));
      if (!src) return;
      text = src.textContent.trim();
    }
    copy(text).then(function () {
      el.setAttribute("data-copied", "");
      if (el.tagName === "BUTTON") el.textContent = "Copied";
      setTimeout(function () {
        el.removeAttribute("data-copied");
        if (el.tagName === "BUTTON") el.textContent = "Copy";
      }, 1600);
    }, function () {});
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
