// Buzón de Voces: only improvements; every page works without this file.
// 1. The recorded prompt gets a large ▶ button. 2. Uploads show progress and are
// retried on a dropped connection with the same idempotency token (no duplicates).
"use strict";
document.querySelectorAll("audio.voz").forEach(function (audio) {
  var button = document.createElement("button");
  button.type = "button";
  button.className = "voz-boton";
  button.textContent = "▶";
  button.setAttribute("aria-label", "Escuchar");
  button.addEventListener("click", function () {
    if (audio.paused) { audio.currentTime = 0; audio.play(); } else { audio.pause(); }
  });
  audio.addEventListener("play", function () { button.textContent = "❚❚"; });
  audio.addEventListener("pause", function () { button.textContent = "▶"; });
  audio.addEventListener("ended", function () { button.textContent = "▶"; });
  audio.controls = false;
  audio.hidden = true;
  audio.parentNode.insertBefore(button, audio);
});
document.querySelectorAll("form.subir").forEach(function (form) {
  var bar = form.querySelector("progress");
  var submit = form.querySelector("button[type=submit]");
  form.addEventListener("submit", function (event) {
    if (!window.XMLHttpRequest || !window.FormData) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var tries = 0;
    submit.disabled = true;
    bar.hidden = false;
    function send() {
      tries += 1;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      };
      xhr.onload = function () {
        if (xhr.responseURL && xhr.responseURL.indexOf(form.action) !== 0) {
          window.location.assign(xhr.responseURL);
        } else {
          document.open(); document.write(xhr.responseText); document.close();
        }
      };
      xhr.onerror = xhr.ontimeout = function () {
        if (tries < 5) { setTimeout(send, 2000 * tries); }
        else { submit.disabled = false; bar.hidden = true;
          submit.textContent = "No hubo conexión. Toca para intentar otra vez ▶"; }
      };
      xhr.send(data);
    }
    send();
  });
});
