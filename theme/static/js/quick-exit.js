/* Salir rápido / Quick exit: click, Escape, or Shift alone 3 times in 5 s hides the
   page at once and replaces it (Back does not return). Shift+key resets the count. */
(function () {
  "use strict";
  var link = document.querySelector("a.quick-exit");
  if (!link || !window.location.replace) { return; }
  var url = link.href, presses = [], combined = false;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.hidden = true;
    document.title = "";
    if (document.body) { document.body.innerHTML = ""; }
    window.location.replace(url);
  }

  function isShift(event) { return event.key === "Shift" || event.keyCode === 16; }

  link.addEventListener("click", leave);
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
