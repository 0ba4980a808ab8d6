/* Salir rápido / Quick exit: click, Escape, or Shift alone 3 times in 5 s hides the
   page at once, empties what the site stored (caches, service worker, storage) and
   replaces the page (Back does not return). Shift+key resets the count. With
   data-replace-history, links and forms inside the site replace the history entry
   too, so Back after the exit never shows a Voces page. ".forget-saved" links empty
   the stored data without leaving. */
(function () {
  "use strict";
  var link = document.querySelector("a.quick-exit");
  if (!link || !window.location.replace) { return; }
  var url = link.href, presses = [], combined = false, here = location.origin;

  function forget() {
    var jobs = [];
    try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* blocked */ }
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (n) { return caches.delete(n); }));
      }));
    }
    if (navigator.serviceWorker) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (all) {
        return Promise.all(all.map(function (r) { return r.unregister(); }));
      }));
    }
    return Promise.all(jobs);
  }

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.hidden = true;
    document.title = "";
    if (document.body) { document.body.innerHTML = ""; }
    var go = function () { window.location.replace(url); };
    forget().then(go, go);
    setTimeout(go, 1500);
  }

  function isShift(event) { return event.key === "Shift" || event.keyCode === 16; }

  link.addEventListener("click", leave);
  if (link.getAttribute("data-sw") && navigator.serviceWorker) {
    navigator.serviceWorker.register(link.getAttribute("data-sw")).catch(function () {});
  }
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[href]");
    if (!a || a === link || event.defaultPrevented) { return; }
    if (a.classList.contains("forget-saved")) {
      event.preventDefault();
      forget().then(function () { a.textContent = a.getAttribute("data-done") || "OK"; });
      return;
    }
    if (!link.hasAttribute("data-replace-history") || a.origin !== here || a.target ||
        a.hasAttribute("download") || event.button || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    window.location.replace(a.href);
  });
  document.addEventListener("submit", function (event) {
    var f = event.target, q;
    if (!link.hasAttribute("data-replace-history") || f.method !== "get" ||
        new URL(f.action).origin !== here) { return; }
    event.preventDefault();
    q = new URLSearchParams(new FormData(f)).toString();
    window.location.replace(f.action.split("?")[0] + (q ? "?" + q : ""));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc" || event.keyCode === 27) {
      leave(event);
    } else if (isShift(event)) {
      if (!event.repeat) { combined = false; }
    } else {
      combined = true;
      presses = [];
    }
  }, true);
  document.addEventListener("keyup", function (event) {
    if (!isShift(event)) { return; }
    if (combined) { combined = false; return; }
    var now = Date.now(), recent = [];
    for (var i = 0; i < presses.length; i++) {
      if (now - presses[i] < 5000) { recent.push(presses[i]); }
    }
    recent.push(now);
    presses = recent;
    if (presses.length >= 3) { leave(event); }
  }, true);
}());
