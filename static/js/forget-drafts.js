// Drafts (drafts.js) keep what a coordinator typed — often about residents — in this browser.
// On a shared CP computer they must not outlive the person's session: logging out forgets them,
// after asking when there is one, since logging out then throws that text away.
(function () {
  "use strict";
  var PREFIX = "tsunagu-draft:";
  var store;
  try { store = window.localStorage; store.getItem(PREFIX); } catch (e) { return; }

  function draftKeys() {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX) === 0) keys.push(name);
    }
    return keys;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-forget-drafts]")) return;
    var keys = draftKeys();
    if (keys.length && !window.confirm(form.getAttribute("data-forget-drafts"))) {
      event.preventDefault();
      return;
    }
    keys.forEach(function (name) { try { store.removeItem(name); } catch (e) {} });
  });
})();
