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
