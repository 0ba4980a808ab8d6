/* "Guardar para leer sin internet" (edition pages): keeps this edition and its stories
   in the phone's cache, and asks the offline worker (/sw.js) to keep home, directory
   and safety page if it has not yet; the worker serves them without internet. The
   quick exit and "Borrar lo guardado" delete them. */
(function () {
  "use strict";
  var box = document.querySelector(".save-offline");
  if (!box || !window.caches || !navigator.serviceWorker) { return; }
  var button = box.querySelector("button");
  box.hidden = false;
  button.addEventListener("click", function () {
    var site = button.getAttribute("data-site").replace(/\/$/, "");
    var urls = JSON.parse(button.getAttribute("data-urls")).map(function (u) {
      return /^(https?:)?\//.test(u) ? u : site + "/" + u;
    });
    caches.open("voces-guardadas").then(function (c) { return c.addAll(urls); }).then(function () {
      button.textContent = button.getAttribute("data-done");
      button.disabled = true;
      // Home, directory and safety page too (the worker keeps them once).
      return navigator.serviceWorker.ready.then(function (r) {
        if (r.active) { r.active.postMessage("guardar"); }
      });
    });
  });
}());
