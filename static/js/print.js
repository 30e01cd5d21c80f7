// 「印刷する」 buttons: <button type="button" data-print>. A click handler from a file rather than
// onclick="…", which the Content-Security-Policy refuses (no inline script).
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) window.print();
  });
})();
