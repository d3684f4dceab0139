// A live page keeps itself current: every 15 to 30 s (each reader at their own moment)
// it asks the page's small cached endpoint for entries newer than the newest it shows,
// offers "N new updates", and inserts them when asked without moving what the reader
// is looking at. When coverage ends it says so and stops asking.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-poll]");
  if (!root || root.hasAttribute("data-ended")) return;
  var latest = parseInt(root.dataset.latest, 10) || 0;
  var low = parseFloat(root.dataset.pollMin) || 15, high = parseFloat(root.dataset.pollMax) || 30;
  var box = root.querySelector(".live-new"), button = box.querySelector("button");
  var list = root.querySelector(".live-entries"), status = root.querySelector(".live-status");
  var pending = [];

  function schedule() {
    window.setTimeout(poll, (low + Math.random() * (high - low)) * 1000);
  }

  function end(text) {
    root.setAttribute("data-ended", "");
    root.classList.add("live--ended");
    var badge = root.querySelector(".live-badge");
    if (badge) badge.remove();
    status.textContent = text;
  }

  function poll() {
    if (document.hidden) { schedule(); return; }  // a background tab asks when seen again
    fetch(root.dataset.livePoll + "?after=" + latest, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        data.entries.forEach(function (entry) {
          var known = document.getElementById("entry-" + entry.id) ||
            pending.some(function (p) { return p.id === entry.id; });
          if (!known) pending.push(entry);
        });
        latest = Math.max(latest, data.latest);
        if (pending.length) {
          button.textContent = pending.length + (pending.length === 1 ? " new update" : " new updates");
          box.hidden = false;
        }
        if (data.ended) { end(data.ended_text); return; }
        schedule();
      })
      .catch(schedule);
  }

  button.addEventListener("click", function () {
    var before = list.querySelector(".live-entry:not(.live-entry--pinned)");
    var anchor = before || box;
    var anchorTop = anchor.getBoundingClientRect().top;
    var insertedAbove = anchorTop < 0;  // the reader is further down: keep them there
    pending.sort(function (a, b) { return b.id - a.id; });
    var first = null;
    pending.forEach(function (entry) {
      var holder = document.createElement("template");
      holder.innerHTML = entry.html.trim();
      var node = holder.content.firstElementChild;
      if (!node) return;
      node.classList.add("live-entry--new");
      list.insertBefore(node, before);
      first = first || node;
    });
    var empty = list.querySelector(".live-empty");
    if (empty) empty.remove();
    pending = [];
    box.hidden = true;
    if (insertedAbove) window.scrollBy(0, anchor.getBoundingClientRect().top - anchorTop);
    if (window.newsroomEmbeds) window.newsroomEmbeds.init(list);
    if (first && !insertedAbove) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
    }
  });

  schedule();
})();
