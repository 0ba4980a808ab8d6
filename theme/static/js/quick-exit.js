/* Salir rápido / Quick exit. Click, Escape, or Shift three times within 5 s: hide the
   page at once, then replace it so Back does not return. Shift with another key
   (a capital letter) does not count. Works without this file as a plain link. */
(function () {
  "use strict";
  var link = document.querySelector("a.quick-exit");
  if (!link || !window.location.replace) { return; }
  var url = link.href, presses = [];

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.hidden = true;
    document.title = "";
    if (document.body) { document.body.innerHTML = ""; }
    window.location.replace(url);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    var key = event.key || "", code = event.keyCode;
    if (key === "Escape" || key === "Esc" || code === 27) {
      leave(event);
    } else if (key === "Shift" || code === 16) {
      if (event.repeat) { return; }
      var now = Date.now(), recent = [];
      for (var i = 0; i < presses.length; i++) {
        if (now - presses[i] < 5000) { recent.push(presses[i]); }
      }
      recent.push(now);
      presses = recent;
      if (presses.length >= 3) { leave(event); }
    } else {
      presses = [];
    }
  }, true);
}());
