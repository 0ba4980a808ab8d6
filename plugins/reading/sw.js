/* Voces: the offline worker, written by the reading plugin as /sw.js (its scope is the
   whole site). Every page a reader opens is kept. Directory, safety page and home are
   fetched for offline use one per page she opens from her second page on, most useful
   first (page 2: directory, page 3: safety page, page 4: home; one she opens herself is
   kept as she reads it and the next one comes instead), or all at once when she taps
   "Guardar para leer sin internet": a reader who reads one story pays for that story
   alone, and no later page costs more than itself and one copy. An edition
   saved with "Guardar para leer sin internet" is in its own cache. Each build publishes retiradas.json, the SHA-256 of the addresses
   of withdrawn stories: the worker deletes those copies and never serves them. The
   quick exit and "Borrar lo guardado" delete every cache and unregister the worker.
   The build removes these comments (offline.without_comments): keep "//" and "/*" out
   of strings and regular expressions. */
"use strict";
var VERSION = "__VERSION__";
var CORE = __CORE__;      // directory, safety page, home: one a page from the second on
var HOME = __HOME__;      // served without internet for a page that was not kept
var ASSETS = __ASSETS__;  // style sheet, quick exit, icons: copied at install
var WITHDRAWN = "__WITHDRAWN__";
var PAGES = "voces-paginas", SAVED = "voces-guardadas", STATIC = "voces-" + VERSION, gone = [];
var keeping = null;
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

function noop() {}

// Of `paths` (CORE order), the first `count` not kept yet go into the kept pages (one
// call at a time: a second call starts when the first has finished). A page view asks
// for one, "Guardar" for all. "no-cache" asks the server whether the
// browser's copy is still current (an unchanged one costs a "304" and no body); after
// a withdrawal, "reload" (`mode`) takes them from the server whatever the browser has
// (a home page cached before it, GitHub Pages allows 10 minutes, must not be kept
// again). Low priority, behind the page she is reading. `skip`: the page being opened
// now, kept by the fetch handler itself.
function keepCore(paths, count, skip, mode) {
  var job = Promise.resolve(keeping).then(function () {
    return caches.open(PAGES);
  }).then(function (cache) {
    return Promise.all(paths.map(function (path) {
      return path === skip ? true : cache.match(path).then(Boolean);
    })).then(function (kept) {
      var missing = paths.filter(function (path, i) { return !kept[i]; });
      return Promise.all(missing.slice(0, count).map(function (path) {
        return fetch(new Request(path, { cache: mode || "no-cache", priority: "low" }))
          .then(function (response) { if (response.ok) { return cache.put(path, response); } });
      }));
    });
  }).catch(noop).then(function () { if (keeping === job) { keeping = null; } });
  keeping = job;
  return job;
}

function forgetAllPages() {
  // Kept pages and saved editions go; those of directory, safety page and home that
  // were kept are fetched again now, while there is internet. A keepCore under way
  // ends first (it would put its pages into the deleted cache).
  return Promise.resolve(keeping).then(function () {
    return caches.open(PAGES);
  }).then(function (c) {
    return Promise.all(CORE.map(function (path) { return c.match(path); }));
  }).then(function (found) {
    var had = CORE.filter(function (path, i) { return found[i]; });
    return Promise.all([caches.delete(PAGES), caches.delete(SAVED)]).then(function () {
      return had.length ? keepCore(had, had.length, null, "reload") : null;
    });
  }).catch(function () { /* offline again: pages come back as she reads */ });
}

function forgetWithdrawn() {
  return fetch(WITHDRAWN, { cache: "no-store" }).then(function (r) { return r.json(); })
    .then(function (list) {
      var fresh = list.hashes || [];
      return caches.open(STATE).then(function (state) {
        return Promise.all([state.match(SEEN).then(function (r) { return r ? r.json() : null; }),
          caches.has(PAGES), caches.has(SAVED)])
          .then(function (got) {
            var seen = got[0];
            gone = fresh;
            // No list seen but pages kept (by a worker from before the list was kept):
            // nothing says what was withdrawn since, so they go as after a withdrawal.
            var grew = seen === null ? got[1] || got[2] :
              fresh.some(function (h) { return seen.indexOf(h) < 0; });
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

// At install only the style sheet and the quick exit, which the page that registered the
// worker has just loaded: they come from the browser's HTTP cache, not the network.
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(ASSETS); })
    .catch(noop).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("voces-") === 0 && n !== STATIC && n !== PAGES && n !== SAVED &&
        n !== STATE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(forgetWithdrawn).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (event.data === "revisar") { event.waitUntil(forgetWithdrawn()); }
  if (event.data === "guardar") { event.waitUntil(keepCore(CORE, CORE.length)); }
});

function allowed(request) {
  return hash(new URL(request.url).pathname).then(function (h) { return gone.indexOf(h) < 0; });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin ||
      url.pathname.indexOf("/pagefind/") >= 0) { return; }
  if (request.mode === "navigate") {
    // The worker sees no navigation of the first page (it starts on it): this is the
    // second page or a later one, so one more of directory, safety page, home is kept.
    // Asked of the host every time, never answered by the browser's own HTTP cache
    // (a host may let it keep pages for minutes): a story withdrawn since is gone at
    // once, and offline the withdrawn list below decides. A 304 when nothing changed.
    var asked;
    try {
      asked = new Request(request, { cache: "no-cache" });
    } catch (e) {
      asked = request;  // an old browser that makes no Request from a page's request
    }
    var online = fetch(asked).then(function (response) {
      return [response, response.ok ? response.clone() : null];
    });
    event.respondWith(online.then(function (pair) { return pair[0]; }, function () {
      return allowed(request).then(function (ok) {
        return (ok && caches.match(request, { ignoreSearch: true })) ||
          caches.match(HOME);
      }).then(function (found) { return found || caches.match(HOME); })
        .then(function (found) { return found || Response.error(); });
    }));
    event.waitUntil(online.then(function (pair) {
      return pair[1] && caches.open(PAGES).then(function (c) { return c.put(request, pair[1]); });
    }).then(function () { return keepCore(CORE, 1, url.pathname); }, noop));
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
