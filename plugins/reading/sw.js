/* Voces: the offline worker, written by the reading plugin as /sw.js (its scope is the
   whole site). Home, directory and safety page are kept from the start; every page a
   reader opens is kept too; an edition saved with "Guardar para leer sin internet" is
   in its own cache. Each build publishes retiradas.json, the SHA-256 of the addresses
   of withdrawn stories: the worker deletes those copies and never serves them. The
   quick exit and "Borrar lo guardado" delete every cache and unregister the worker. */
"use strict";
var VERSION = "__VERSION__";
var CORE = __CORE__;
var WITHDRAWN = "__WITHDRAWN__";
var PAGES = "voces-paginas", STATIC = "voces-" + VERSION, gone = [];
// The withdrawn list this phone last saw. When a story is newly withdrawn, every kept
// page goes (saved editions too): home, sections, tags, editions and PDFs kept from
// before still carry its title and summary, not only its own address.
var STATE = "voces-estado", SEEN = "retiradas-vistas";

function hash(path) {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(path)).then(function (b) {
    return Array.prototype.map.call(new Uint8Array(b), function (x) {
      return ("0" + x.toString(16)).slice(-2);
    }).join("");
  });
}

// Past the browser's HTTP cache: a home page cached before a withdrawal (GitHub Pages
// allows 10 minutes) must not be kept again as the copy served without internet.
function fresh(urls) {
  return urls.map(function (u) { return new Request(u, { cache: "reload" }); });
}

function forgetAllPages() {
  // Kept pages and saved editions go; the home page kept at install is fetched again
  // now, while there is internet (a newer worker's own caches are not touched).
  return Promise.all([caches.delete(PAGES), caches.delete("voces-guardadas")])
    .then(function () {
      return caches.open(STATIC).then(function (c) { return c.addAll(fresh(CORE)); });
    }).catch(function () { /* offline again: pages come back as she reads */ });
}

function forgetWithdrawn() {
  return fetch(WITHDRAWN, { cache: "no-store" }).then(function (r) { return r.json(); })
    .then(function (list) {
      var fresh = list.hashes || [];
      return caches.open(STATE).then(function (state) {
        return state.match(SEEN).then(function (r) { return r ? r.json() : null; })
          .then(function (seen) {
            gone = fresh;
            var grew = seen !== null && fresh.some(function (h) { return seen.indexOf(h) < 0; });
            return (grew ? forgetAllPages() : Promise.resolve()).then(function () {
              return state.put(SEEN, new Response(JSON.stringify(fresh),
                { headers: { "Content-Type": "application/json" } }));
            });
          });
      });
    }).then(function () {
      return caches.keys();
    }).then(function (names) {
      return Promise.all(names.map(function (name) {
        return caches.open(name).then(function (cache) {
          return cache.keys().then(function (requests) {
            return Promise.all(requests.map(function (req) {
              return hash(new URL(req.url).pathname).then(function (h) {
                if (gone.indexOf(h) >= 0) { return cache.delete(req); }
              });
            }));
          });
        });
      }));
    }).catch(function () { /* offline: keep the list we had */ });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(fresh(CORE)); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("voces-") === 0 && n !== STATIC && n !== PAGES && n !== "voces-guardadas" &&
        n !== STATE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(forgetWithdrawn).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (event.data === "revisar") { event.waitUntil(forgetWithdrawn()); }
});

function allowed(request) {
  return hash(new URL(request.url).pathname).then(function (h) { return gone.indexOf(h) < 0; });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin ||
      url.pathname.indexOf("/pagefind/") >= 0) { return; }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(PAGES).then(function (c) { c.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return allowed(request).then(function (ok) {
        return (ok && caches.match(request, { ignoreSearch: true })) ||
          caches.match(CORE[0]);
      }).then(function (found) { return found || caches.match(CORE[0]); });
    }));
    return;
  }
  event.respondWith(caches.match(request).then(function (found) {
    return found || fetch(request).then(function (response) {
      if (response.ok && /\/(theme|imagenes)\//.test(url.pathname)) {
        var copy = response.clone();
        caches.open(STATIC).then(function (c) { c.put(request, copy); });
      }
      return response;
    });
  }));
});
