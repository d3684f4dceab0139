/* The article form, made safe to work in: unsaved-changes warning, autosave with
 * restore, word count and reading time. Loaded on every admin page (no inline script:
 * the CSP allows only nonced or same-origin files); it does nothing where there is no
 * article form, except forget an autosave whose form was saved.
 *
 * Autosaves live in this browser's localStorage, one per user and article, and never
 * become a revision: only Save does that. */
(function () {
  "use strict";

  var PREFIX = "newsroom:autosave:";
  var SUBMITTED = "newsroom:submitted";
  var INTERVAL = 3000;
  var WORDS_PER_MINUTE = 230;
  var SKIPPED = /^(csrfmiddlewaretoken|version|kept_image|kept_image_discard|_.*|.*-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)$/;

  var editor = null;
  document.addEventListener("prose-editor:ready", function (event) {
    if (event.detail.textarea.name === "body") {
      editor = event.detail.editor;
      // The editable area is a role=textbox of its own: name it after the field's label.
      var label = document.querySelector("label[for=" + event.detail.textarea.id + "]");
      if (label) {
        label.id = label.id || event.detail.textarea.id + "_label";
        editor.view.dom.setAttribute("aria-labelledby", label.id);
      }
      updateWordCount();
    }
  });

  function storage(kind) {
    try {
      return window[kind];
    } catch (e) {
      return null; // storage disabled: the form still works, without autosave
    }
  }

  function forgetSavedAutosave(desk) {
    var session = storage("sessionStorage"), local = storage("localStorage");
    if (!session || !local) return;
    var key = session.getItem(SUBMITTED);
    if (!key) return;
    if (desk && desk.dataset.hasErrors) return; // refused: keep it until a save succeeds
    local.removeItem(PREFIX + key);
    session.removeItem(SUBMITTED);
  }

  function fields(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIPPED.test(el.name) || el.type === "file" || el.disabled) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.type === "checkbox") values[el.name] = el.checked;
        else if (el.checked) values[el.name] = el.value;
      } else if (el.multiple) {
        values[el.name] = Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; });
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function restore(form, values) {
    Object.keys(values).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (!el || !el.tagName || el.multiple) return; // several inputs of one name: skip
      if (el.tagName === "SELECT" &&
          !Array.prototype.some.call(el.options, function (o) { return o.value === values[name]; })) {
        return; // an autocomplete box holds only its current choice: leave it alone
      }
      if (el.type === "checkbox") el.checked = values[name];
      else el.value = values[name];
      if (name === "body" && editor) editor.commands.setContent(values[name] || "");
    });
    updateWordCount();
  }

  function text() {
    if (editor) return editor.getText();
    var body = document.querySelector("textarea[name=body]");
    return body ? body.value.replace(/<[^>]*>/g, " ") : "";
  }

  function updateWordCount() {
    var output = document.getElementById("body-word-count");
    if (!output) return;
    var words = (text().match(/\S+/g) || []).length;
    var minutes = Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
    output.textContent = words + (words === 1 ? " word" : " words") + " · " +
      (words ? minutes + " min read" : "nothing written yet");
  }

  function addWordCount() {
    var field = document.querySelector(".field-body");
    if (!field || document.getElementById("body-word-count")) return;
    var output = document.createElement("p");
    output.id = "body-word-count";
    output.className = "word-count";
    output.setAttribute("aria-live", "polite");
    var help = field.querySelector(".help");
    (help ? help.parentNode : field).appendChild(output);
    updateWordCount();
  }

  function clock(iso) {
    var at = new Date(iso);
    return ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2);
  }

  function offerRestore(form, desk, saved) {
    var banner = document.createElement("div");
    banner.className = "autosave-offer";
    banner.setAttribute("role", "alert");
    var question = document.createElement("p");
    question.textContent = "Restore your unsaved changes from " + clock(saved.at) + "?";
    var yes = document.createElement("button");
    yes.type = "button";
    yes.textContent = "Restore";
    var no = document.createElement("button");
    no.type = "button";
    no.className = "secondary";
    no.textContent = "Discard them";
    banner.append(question, yes, no);
    desk.after(banner);
    yes.addEventListener("click", function () {
      restore(form, saved.fields);
      banner.remove();
      form.dispatchEvent(new Event("input", { bubbles: true }));
    });
    no.addEventListener("click", function () {
      storage("localStorage").removeItem(PREFIX + desk.dataset.autosaveKey);
      banner.remove();
    });
  }

  /* Click the photo to set the focal point; the two number fields work without this. */
  function focusPicker() {
    var photo = document.querySelector(".focus-picker__photo");
    var x = document.getElementById("id_featured_image_focus_x");
    var y = document.getElementById("id_featured_image_focus_y");
    if (!photo || !x || !y) return;
    var dot = photo.querySelector(".focus-picker__dot");
    function place() {
      dot.style.left = x.value + "%";
      dot.style.top = y.value + "%";
    }
    photo.addEventListener("click", function (event) {
      var box = photo.querySelector("img").getBoundingClientRect();
      x.value = Math.round(Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1) * 100);
      y.value = Math.round(Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1) * 100);
      place();
      x.dispatchEvent(new Event("change", { bubbles: true }));
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }

  var PRESENCE_INTERVAL = 10000;

  function reportPresence(form, desk) {
    var url = desk.dataset.presenceUrl;
    var line = document.getElementById("article-presence");
    if (!url || !line || !window.fetch) return;
    function beat() {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { others: [] }; })
        .then(function (data) {
          var others = data.others || [];
          line.hidden = !others.length;
          line.textContent = others.length
            ? others.join(", ") + (others.length > 1 ? " are" : " is") + " also editing this article."
            : "";
        })
        .catch(function () { /* offline for a moment: try again next time */ });
    }
    beat();
    window.setInterval(beat, PRESENCE_INTERVAL);
  }

  function start() {
    var desk = document.getElementById("article-desk");
    forgetSavedAutosave(desk);
    if (!desk) return;
    var form = desk.closest("form");
    var local = storage("localStorage");
    var key = PREFIX + desk.dataset.autosaveKey;
    var dirty = false, changedSinceAutosave = false;

    addWordCount();
    reportPresence(form, desk);
    focusPicker();
    if (local && !desk.dataset.hasErrors) {
      var saved = null;
      try {
        saved = JSON.parse(local.getItem(key) || "null");
      } catch (e) {
        saved = null;
      }
      var savedAt = desk.dataset.savedAt ? new Date(desk.dataset.savedAt) : null;
      if (saved && saved.fields && (!savedAt || new Date(saved.at) > savedAt)) {
        offerRestore(form, desk, saved);
      }
    }

    function changed(event) {
      if (event.target && event.target.name && SKIPPED.test(event.target.name)) return;
      dirty = changedSinceAutosave = true;
      if (event.target && event.target.name === "body") updateWordCount();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      dirty = false;
      var session = storage("sessionStorage");
      if (session) session.setItem(SUBMITTED, desk.dataset.autosaveKey);
      if (local && changedSinceAutosave) autosave();
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = ""; // the browser shows its own "leave site?" prompt
    });

    function autosave() {
      changedSinceAutosave = false;
      try {
        local.setItem(key, JSON.stringify({ at: new Date().toISOString(), fields: fields(form) }));
      } catch (e) {
        /* storage full: the warning before leaving still protects the work */
      }
    }
    if (local) {
      window.setInterval(function () {
        if (changedSinceAutosave) autosave();
      }, INTERVAL);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
