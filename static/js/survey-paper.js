// 紙の回答の入力: keys instead of the mouse. In a question with choices, a number key picks the
// choice of that number (again, for a multiple choice, takes it off); 0 clears the question.
// Enter moves to the next question that is shown (on the last one, to the 保存 button).
(function () {
  var form = document.querySelector("form.paper-form");
  if (!form) return;

  function stops() {
    // Each question is one stop; a grid is one stop a row.
    var found = [];
    form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
      if (fieldset.hidden) return;
      var rows = fieldset.querySelectorAll("[data-keys]");
      if (rows.length) rows.forEach(function (row) { found.push(row); });
      else found.push(fieldset);
    });
    return found;
  }

  function stopOf(element) {
    var keyed = element.closest("[data-keys]");
    return keyed || element.closest("fieldset.question");
  }

  function focusStop(stop) {
    if (!stop) { form.querySelector("button[type=submit]").focus(); return; }
    var input = stop.querySelector("input:checked") ||
                stop.querySelector("input:not([type=hidden]), textarea, select");
    if (input) input.focus();
    stop.scrollIntoView({ block: "center" });
  }

  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLElement) || event.ctrlKey || event.metaKey || event.altKey) return;
    var stop = stopOf(target);
    if (!stop) {
      // The paper's heading (area, number): Enter goes on to the first question.
      if (event.key === "Enter" && target.closest(".paper-head")) { event.preventDefault(); focusStop(stops()[0]); }
      return;
    }
    var inputs = Array.prototype.slice.call(stop.querySelectorAll("input[type=radio], input[type=checkbox]"));
    var typing = target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type !== "radio" && target.type !== "checkbox");
    if (inputs.length && !typing && /^[0-9]$/.test(event.key)) {
      event.preventDefault();
      var n = parseInt(event.key, 10);
      if (n === 0) {
        inputs.forEach(function (input) { input.checked = false; });
      } else if (inputs[n - 1]) {
        var input = inputs[n - 1];
        input.checked = input.type === "checkbox" ? !input.checked : true;
        input.focus();
      }
      form.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    if (event.key === "Enter" && target.tagName !== "TEXTAREA" && target.tagName !== "BUTTON") {
      event.preventDefault();
      var all = stops();
      var i = all.indexOf(stop);
      focusStop(i === -1 ? all[0] : all[i + 1]);
    }
  });
  var first = form.querySelector("[autofocus]");
  if (first) first.focus(); else focusStop(stops()[0]);
})();
