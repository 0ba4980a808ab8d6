/* Compartir / Share: the phone's own share sheet when it has one (navigator.share);
   otherwise the WhatsApp link stays and a copy-link button appears. No request to any
   other host before the reader chooses. */
(function () {
  "use strict";
  var box = document.querySelector(".share");
  if (!box) { return; }
  var url = box.getAttribute("data-share-url"), text = box.getAttribute("data-share-text");
  if (url.charAt(0) === "/") { url = location.origin + url; }
  var native = box.querySelector(".share__native"), copy = box.querySelector(".share__copy");
  if (navigator.share) {
    native.hidden = false;
    native.className += " button";
    native.addEventListener("click", function () {
      navigator.share({ title: text, text: text, url: url }).catch(function () {});
    });
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    copy.hidden = false;
    copy.className += " button button--quiet";
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        copy.textContent = box.getAttribute("data-copied");
      });
    });
  }
}());
