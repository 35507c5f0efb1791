// Goalpost's one script (issue 9): a filter form marked data-autosubmit
// applies as soon as a filter is chosen. Without JavaScript the form keeps
// its button, and the page works the same.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-autosubmit]");
  for (var i = 0; i < forms.length; i++) {
    var form = forms[i];
    var button = form.querySelector('button[type="submit"]');
    if (button) button.hidden = true;
    var hint = form.querySelector("[data-autosubmit-hint]");
    if (hint) hint.hidden = false;
    form.addEventListener("change", function (e) {
      var f = e.currentTarget;
      if (!e.target.matches("select")) return;
      try { sessionStorage.setItem("goalpost-filter-focus", e.target.name); } catch (err) { /* private mode */ }
      if (f.requestSubmit) f.requestSubmit(); else f.submit();
    });
  }
  // After the page reloads, the filter just chosen keeps the focus, so a
  // keyboard user carries on where they were.
  var name = null;
  try {
    name = sessionStorage.getItem("goalpost-filter-focus");
    sessionStorage.removeItem("goalpost-filter-focus");
  } catch (err) { /* private mode */ }
  if (name) {
    var el = document.querySelector("form[data-autosubmit] select[name=\"" + CSS.escape(name) + "\"]");
    // Once loaded: the browser's own scroll to #filters comes first.
    if (el) window.addEventListener("load", function () { el.focus(); });
  }
})();
