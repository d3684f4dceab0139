// "Reply" without a page load: move the form under the comment and set its parent.
// Without this script the Reply link reloads the page with ?replytocom=, which works too.
(function () {
  var respond = document.getElementById("respond");
  if (!respond) return;
  var form = respond.querySelector("form");
  var parent = form.querySelector("input[name=parent]");
  var replyTo = respond.querySelector(".reply-to");
  var cancel = respond.querySelector(".cancel-reply");
  var home = document.createComment("respond");

  // The page may come from a cache, so the form's token may be older than this visit.
  // When the reader starts on the form, fetch a token of their own: "too fast" is then
  // judged from now. If this fails the old token still posts (the comment is held).
  var token = form.querySelector("input[name=token]");
  var fetched = false;
  function freshToken() {
    if (fetched || !window.fetch) return;
    fetched = true;
    fetch(form.dataset.tokenUrl, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.token) token.value = data.token; })
      .catch(function () { fetched = false; });
  }
  form.addEventListener("focusin", freshToken);
  form.addEventListener("input", freshToken);

  // A post that came back with errors: take the reader to the summary of what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.scrollIntoView({block: "start"});
    summary.focus();
  }
  respond.parentNode.insertBefore(home, respond);

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".reply-link");
    if (!link) return;
    event.preventDefault();
    parent.value = link.dataset.comment;
    replyTo.textContent = " to " + link.dataset.author;
    cancel.hidden = false;
    link.closest("article").after(respond);
    form.querySelector("textarea").focus();
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    parent.value = "";
    replyTo.textContent = "";
    cancel.hidden = true;
    home.parentNode.insertBefore(respond, home);
    cancel.focus();
  });
})();
