// Embed cards: a snapshot until the reader asks for the real thing. "Load content from
// YouTube" swaps in the provider's player; nothing of theirs loads before that click.
(function () {
  "use strict";
  function load(card) {
    var frame = document.createElement("iframe");
    frame.src = card.dataset.embedFrame;
    frame.title = card.dataset.embedTitle || "Embedded content";
    frame.className = "embed-frame";
    frame.setAttribute("allow", "encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
    var holder = card.querySelector(".embed-thumbnail");
    if (holder) {
      holder.replaceWith(frame);
    } else {
      card.insertBefore(frame, card.firstChild);
    }
    var actions = card.querySelector(".embed-actions");
    if (actions) actions.remove();
    frame.focus();
  }
  function init(root) {
    (root || document).querySelectorAll(".embed-card[data-embed-frame]").forEach(function (card) {
      if (!card.dataset.embedFrame || card.dataset.embedReady) return;
      card.dataset.embedReady = "1";
      var actions = card.querySelector(".embed-actions");
      if (!actions) return;
      actions.hidden = false;
      actions.querySelector("button").addEventListener("click", function () { load(card); });
    });
  }
  window.newsroomEmbeds = { init: init };
  init(document);
})();
