/* Escuchar / Listen (audio plugin). The page works without this file: the "Escuchar"
   link jumps to the narration's own player. With it:
   - the "Escuchar" button plays and pauses the narration in place;
   - a story without a narration gets a "read aloud" button that uses the phone's own
     voice (speechSynthesis), shown ONLY when the phone has a voice in the page's
     language: never an English voice for a Spanish text;
   - "Salir rápido" (the quick exit link, Esc) stops every sound at once. */
(function () {
  "use strict";

  function stopAll() {
    var players = document.querySelectorAll("audio");
    for (var i = 0; i < players.length; i++) { players[i].pause(); }
    if (window.speechSynthesis) { window.speechSynthesis.cancel(); }
  }

  // Quick exit first: it must silence the page even if something below fails.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc" || event.keyCode === 27) { stopAll(); }
  }, true);
  var exit = document.querySelector("a.quick-exit");
  if (exit) { exit.addEventListener("click", stopAll, true); }
  window.addEventListener("pagehide", stopAll);

  // The narration button.
  var buttons = document.querySelectorAll("[data-listen-play]");
  for (var b = 0; b < buttons.length; b++) {
    (function (button) {
      var holder = document.getElementById(button.getAttribute("data-listen-play"));
      var audio = holder && holder.querySelector("audio");
      if (!audio) { return; }
      var start = button.textContent;
      button.setAttribute("role", "button");
      function toggle(event) {
        event.preventDefault();
        if (audio.paused) { audio.play(); } else { audio.pause(); }
      }
      button.addEventListener("click", toggle);
      button.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Spacebar") { toggle(event); }
      });
      audio.addEventListener("play", function () { button.setAttribute("aria-pressed", "true"); });
      audio.addEventListener("pause", function () {
        button.setAttribute("aria-pressed", "false");
        button.textContent = start;
      });
    }(buttons[b]));
  }

  // The phone's voice, for stories without a narration.
  var bar = document.querySelector(".listen-tts");
  var synth = window.speechSynthesis;
  if (!bar || !synth || !window.SpeechSynthesisUtterance) { return; }
  var lang = (bar.getAttribute("data-lang") || document.documentElement.lang || "es").toLowerCase();
  var button = bar.querySelector("button");
  var body = document.querySelector(".story__body");
  if (!button || !body) { return; }
  var voice = null, speaking = false;

  function pickVoice() {
    var voices = synth.getVoices() || [], best = null;
    for (var i = 0; i < voices.length; i++) {
      var code = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (code === lang || code.indexOf(lang + "-") === 0) {
        // Mexican Spanish first, then any voice of the language.
        if (!best || code === lang + "-mx" || (voices[i].localService && !best.localService)) {
          best = voices[i];
        }
      }
    }
    voice = best;
    bar.hidden = !voice; // no voice in the page's language: no button at all
  }

  function chunks() {
    var parts = [], blocks = body.querySelectorAll("p, li, h2, h3, h4, blockquote");
    for (var i = 0; i < blocks.length; i++) {
      var text = (blocks[i].textContent || "").replace(/\s+/g, " ").trim();
      if (text) { parts.push(text); }
    }
    return parts;
  }

  function stop() {
    speaking = false;
    synth.cancel();
    button.textContent = bar.getAttribute("data-start");
    button.setAttribute("aria-pressed", "false");
  }

  button.addEventListener("click", function () {
    if (speaking) { stop(); return; }
    if (!voice) { return; }
    synth.cancel();
    var parts = chunks();
    speaking = true;
    button.textContent = bar.getAttribute("data-stop");
    button.setAttribute("aria-pressed", "true");
    // One paragraph per utterance: long utterances stop half-way in some browsers.
    for (var i = 0; i < parts.length; i++) {
      var utterance = new window.SpeechSynthesisUtterance(parts[i]);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.95;
      if (i === parts.length - 1) { utterance.onend = stop; }
      synth.speak(utterance);
    }
  });

  pickVoice();
  if (typeof synth.addEventListener === "function") {
    synth.addEventListener("voiceschanged", pickVoice);
  } else {
    synth.onvoiceschanged = pickVoice;
  }
}());
