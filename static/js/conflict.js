// The conflict screen (templates/includes/conflict.html): writing in a merged text chooses
// 「下の欄で両方を合わせて直す」 for that field, so what was written there is what gets saved.
(function () {
  document.querySelectorAll("textarea[data-choice]").forEach(function (area) {
    area.addEventListener("input", function () {
      var radio = document.querySelector("input[type=radio][name='" + area.getAttribute("data-choice") + "'][value=merged]");
      if (radio) radio.checked = true;
    });
  });
})();
