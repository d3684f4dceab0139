/* The moderation queue, faster: decisions act in place and move on to the next
 * comment, and a / s / r / j / k work from the keyboard. Without this file the same
 * buttons post the change list's form (CSRF token included) and the page reloads. */
(function () {
  "use strict";

  var DONE = { approve: "Approved", spam: "Marked as spam", remove: "Removed", "approve-commenter": "Approved (all from them)" };

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#result_list tbody tr"));
  }

  function current() {
    return document.querySelector("#result_list tr.is-current");
  }

  function select(row) {
    if (!row) return;
    var was = current();
    if (was) was.classList.remove("is-current");
    row.classList.add("is-current");
    row.scrollIntoView({ block: "nearest" });
    var first = row.querySelector(".decide button");
    if (first) first.focus({ preventScroll: true });
  }

  function step(by) {
    var all = rows().filter(function (r) { return !r.classList.contains("is-decided"); });
    var at = all.indexOf(current());
    select(all[Math.min(Math.max(at + by, 0), all.length - 1)] || all[0]);
  }

  function decide(button) {
    var form = button.form;
    var row = button.closest("tr");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    var decision = button.getAttribute("formaction").match(/decide\/([\w-]+)\//)[1];
    row.querySelectorAll(".decide button").forEach(function (b) { b.disabled = true; });
    fetch(button.getAttribute("formaction"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (result) {
      var cell = row.querySelector(".decide");
      cell.textContent = (DONE[decision] || "Done") + (result.count > 1 ? " (" + result.count + ")" : "");
      cell.setAttribute("role", "status");
      var status = row.querySelector("td.field-status");
      if (status) status.textContent = result.status_label;
      row.classList.add("is-decided");
      if (row === current() || !current()) step(1);
    }).catch(function () {
      form.action = button.getAttribute("formaction"); // fall back to the plain post
      form.submit();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("changelist-form");
    if (!form || !document.querySelector(".decide")) return;
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button && button.closest(".decide")) {
        event.preventDefault();
        select(button.closest("tr"));
        decide(button);
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
      if (event.key === "j") { step(1); event.preventDefault(); return; }
      if (event.key === "k") { step(-1); event.preventDefault(); return; }
      var row = current();
      if (!row) return;
      var button = row.querySelector('.decide button[data-shortcut="' + event.key + '"]');
      if (button && !button.disabled) { event.preventDefault(); decide(button); }
    });
    var first = rows()[0];
    if (first && first.querySelector(".decide button")) {
      first.classList.add("is-current");
    }
  });
})();
