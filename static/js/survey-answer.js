// アンケート: hide the questions whose condition does not hold as the person answers (skip logic).
// The server decides the same on its own (tsunagu/surveys/answering.py); without this script every
// question is shown with its condition written beside it, as on paper. No HTML is built here.
(function () {
  var form = document.querySelector("form.answer-form, form.paper-form");
  if (!form) return;
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question[data-question]"));

  function picked(fieldset) {
    var ids = [];
    if (!fieldset || fieldset.hidden) return null;  // not asked: its dependants are not asked either
    fieldset.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked").forEach(function (input) {
      ids.push(input.value);
    });
    return ids;
  }

  function update() {
    questions.forEach(function (fieldset) {
      var target = fieldset.getAttribute("data-show-if-question");
      if (!target) return;
      var chosen = picked(form.querySelector('fieldset[data-question="' + target + '"]'));
      var choice = fieldset.getAttribute("data-show-if-choice");
      var show;
      if (chosen === null) show = false;
      else if (fieldset.getAttribute("data-show-if") === "is_not") show = chosen.indexOf(choice) === -1;
      else show = chosen.indexOf(choice) !== -1;
      fieldset.hidden = !show;
      fieldset.classList.toggle("conditional-shown", show);
    });
  }
  form.addEventListener("change", update);
  update();
})();
