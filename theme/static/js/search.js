/* Buscar / Search (only on the search page): Pagefind's index of this language,
   loaded from this site on the first search. Results are built as text (no HTML from
   the index except Pagefind's <mark> around the words found). */
(function () {
  "use strict";
  var form = document.querySelector("form.search-form");
  var out = document.getElementById("resultados");
  if (!form || !out || !window.URLSearchParams) { return; }
  var input = form.querySelector("input[name=q]"), engine = null, last = "";
  var base = form.getAttribute("data-pagefind");
  document.documentElement.classList.add("js-search");

  function load() {
    if (!engine) {
      engine = import(base + "pagefind.js").then(function (pf) {
        return pf.options({ noWorker: true, excerptLength: 24, baseUrl: form.getAttribute("data-base-url") || "/" }).then(function () { return pf; });
      });
    }
    return engine;
  }

  function excerpt(text) {
    var p = document.createElement("p"), parts = String(text).split(/<\/?mark>/);
    for (var i = 0; i < parts.length; i++) {
      var piece = document.createTextNode(parts[i].replace(/<[^>]*>/g, ""));
      if (i % 2) { var m = document.createElement("mark"); m.appendChild(piece); p.appendChild(m); }
      else { p.appendChild(piece); }
    }
    return p;
  }

  function show(query, items) {
    out.textContent = "";
    var status = document.createElement("p");
    status.className = "search-status";
    status.textContent = items.length
      ? form.getAttribute(items.length === 1 ? "data-found-one" : "data-found")
        .replace("{n}", items.length).replace("{q}", query)
      : form.getAttribute("data-none").replace("{q}", query);
    out.appendChild(status);
    var list = document.createElement("ol");
    list.className = "search-results";
    items.forEach(function (item) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = item.url;
      a.textContent = (item.meta && item.meta.title) || item.url;
      li.appendChild(a);
      li.appendChild(excerpt(item.excerpt || ""));
      list.appendChild(li);
    });
    out.appendChild(list);
  }

  function run(query) {
    query = query.trim();
    if (!query || query === last) { return; }
    last = query;
    out.setAttribute("aria-busy", "true");
    load().then(function (pf) { return pf.search(query); }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (items) {
      if (query === last) { show(query, items); }
    }).catch(function () {
      out.textContent = form.getAttribute("data-error");
    }).then(function () { out.removeAttribute("aria-busy"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    event.stopPropagation();
    run(input.value);
    var url = location.pathname + "?q=" + encodeURIComponent(input.value.trim());
    history.replaceState(null, "", url);
  }, true);
  var start = new URLSearchParams(location.search).get("q");
  if (start) { input.value = start; run(start); }
}());
