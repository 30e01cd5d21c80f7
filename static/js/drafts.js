// Drafts are not lost: what a person types into a form marked data-draft-key is kept in this
// browser's localStorage as they type, and put back if the page is opened again before a save
// went through (the connection dropped, the tab closed, the phone ran out of battery).
//
//   <form data-draft-key="u12:memo:new" data-draft-version="3"
//         data-draft-restored="…" data-draft-discard="…">
//   <div data-drafts-clear="u12:memo:new">   on the page shown after a successful save
//
// The server decides when a save succeeded (tsunagu/lib/drafts.py); a refused save shows the
// form again with every field kept, and the draft stays until a save goes through. A draft typed
// over an older version than the one now saved is never put back (issue 12): what was typed then
// met, or would meet, the conflict screen, which carries it itself while the person chooses.
(function () {
  "use strict";
  var PREFIX = "tsunagu-draft:";
  var MAX_AGE = 30 * 24 * 3600 * 1000;  // a month-old draft is forgotten
  var store;
  try { store = window.localStorage; store.getItem(PREFIX); } catch (e) { return; }

  function read(key) {
    try { return JSON.parse(store.getItem(PREFIX + key) || "null"); } catch (e) { return null; }
  }
  function forget(key) { try { store.removeItem(PREFIX + key); } catch (e) {} }

  // Old drafts, and those a save has made unnecessary.
  for (var i = store.length - 1; i >= 0; i--) {
    var name = store.key(i);
    if (name && name.indexOf(PREFIX) === 0) {
      var old = read(name.slice(PREFIX.length));
      if (!old || !old.at || Date.now() - old.at > MAX_AGE) store.removeItem(name);
    }
  }
  document.querySelectorAll("[data-drafts-clear]").forEach(function (el) {
    el.getAttribute("data-drafts-clear").split(/\s+/).forEach(function (key) { if (key) forget(key); });
  });

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") return false;
      return ["hidden", "password", "file", "submit", "button", "reset"].indexOf(el.type) < 0 && el.tagName !== "BUTTON";
    });
  }

  function collect(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "checkbox") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else if (el.type === "radio") {
        if (!(el.name in values)) values[el.name] = "";
        if (el.checked) values[el.name] = el.value;
      } else if (el.tagName === "SELECT" && el.multiple) {
        values[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // A draft remembers the version of the record it was typed over (data-draft-version); the
  // record saved since has a higher one.
  function stale(draft, version) {
    var was = parseInt(draft.v, 10), now = parseInt(version, 10);
    return !isNaN(was) && !isNaN(now) && was < now;
  }

  // Put values into the form; returns the names that could not be placed (not on the page yet:
  // the plan items arrive with the place, by htmx) and the selects that changed.
  function apply(form, values) {
    var missing = {}, changed = [];
    Object.keys(values).forEach(function (name) {
      var els = fieldsOf(form).filter(function (el) { return el.name === name; });
      var want = values[name];
      if (!els.length) { missing[name] = want; return; }
      var list = Array.isArray(want) ? want : [want];
      var placed = [];
      els.forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          var on = list.indexOf(el.value) >= 0;
          if (on) placed.push(el.value);
          el.checked = on;
        } else if (el.tagName === "SELECT") {
          var before = el.value;
          Array.prototype.forEach.call(el.options, function (o) {
            o.selected = list.indexOf(o.value) >= 0;
            if (o.selected) placed.push(o.value);
          });
          if (el.value !== before) changed.push(el);
        } else {
          if (el.value !== want) {
            el.value = want;
            if (el.type === "date") changed.push(el);
          }
          placed.push(want);
        }
      });
      var left = list.filter(function (v) { return v !== "" && placed.indexOf(v) < 0; });
      if (Array.isArray(want) && left.length) missing[name] = left;
    });
    return { missing: missing, changed: changed };
  }

  function when(at) {
    try {
      return new Date(at).toLocaleString(document.documentElement.lang || "ja",
        { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
    } catch (e) { return ""; }
  }

  function setUp(form) {
    var key = form.getAttribute("data-draft-key");
    var version = form.getAttribute("data-draft-version") || "";
    var initial = collect(form);
    var pending = {};
    var timer = null;
    var dirty = false;  // something unsaved: typed here, or a draft put back

    function save() {
      timer = null;
      if (!dirty) return;
      var values = collect(form);
      if (same(values, initial) && !Object.keys(pending).length) { forget(key); return; }
      Object.keys(pending).forEach(function (name) {
        values[name] = (values[name] || []).concat(pending[name].filter(function (v) {
          return (values[name] || []).indexOf(v) < 0;
        }));
      });
      try {
        store.setItem(PREFIX + key, JSON.stringify({ v: version, at: Date.now(), fields: values }));
      } catch (e) { /* storage full or refused: the server still keeps every field it receives */ }
    }
    function soon() { if (timer) clearTimeout(timer); timer = setTimeout(save, 300); }

    var draft = read(key);
    if (draft && stale(draft, version)) {
      // Typed over a version that has been replaced since (someone saved, or this person met the
      // conflict screen and gave up): putting it back would bring old text back over the new.
      forget(key);
      draft = null;
    }
    if (draft && draft.fields && !same(draft.fields, initial)) {
      var result = apply(form, draft.fields);
      pending = result.missing;
      if (!same(collect(form), initial) || Object.keys(pending).length) {
        dirty = true;
        notice(draft);
      }
      result.changed.forEach(function (el) { el.dispatchEvent(new Event("change", { bubbles: true })); });
    }

    function notice(draft) {
      var box = document.createElement("div");
      box.className = "draft-notice";
      box.setAttribute("role", "status");
      var p = document.createElement("p");
      p.textContent = form.getAttribute("data-draft-restored") + (draft.at ? "（" + when(draft.at) + "）" : "");
      box.appendChild(p);
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "secondary";
      discard.textContent = form.getAttribute("data-draft-discard");
      discard.addEventListener("click", function () {
        pending = {};
        dirty = false;
        forget(key);
        var result = apply(form, initial);
        result.changed.forEach(function (el) { el.dispatchEvent(new Event("change", { bubbles: true })); });
        box.remove();
      });
      box.appendChild(discard);
      form.insertBefore(box, form.firstChild);
    }

    function edited(event) {
      if (event.isTrusted) dirty = true;
      if (dirty) soon();
    }
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
    // Fields that arrive later (htmx) take the draft's values that were waiting for them, and
    // ticks made while the new list was on its way are not undone by its arrival. Only the
    // lists inside the part being replaced are carried over: a box ticked elsewhere in the form
    // between the swap and its settling (a 柱 ticked right after the plan items came) stays ticked.
    var ticked = null;
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var target = event.detail.target;
      if (!form.contains(target)) return;
      var inside = {};
      fieldsOf(form).forEach(function (el) { if (target.contains(el)) inside[el.name] = true; });
      var values = collect(form);
      ticked = {};
      Object.keys(inside).forEach(function (name) { if (Array.isArray(values[name])) ticked[name] = values[name]; });
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      if (ticked) {
        apply(form, ticked);
        ticked = null;
      }
      if (Object.keys(pending).length) pending = apply(form, pending).missing;
      if (dirty) soon();
    });
  }

  document.querySelectorAll("form[data-draft-key]").forEach(setUp);
})();

