// 「文字を大きく」: one press makes every page's text larger, remembered on this device.
(function () {
  var root = document.documentElement;
  var button = document.getElementById("text-size");
  function apply(large) {
    root.classList.toggle("large-text", large);
    if (button) button.setAttribute("aria-pressed", large ? "true" : "false");
  }
  var stored = null;
  try { stored = window.localStorage.getItem("tsunagu-large-text"); } catch (e) {}
  apply(stored === "1");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var large = !root.classList.contains("large-text");
    apply(large);
    try { window.localStorage.setItem("tsunagu-large-text", large ? "1" : "0"); } catch (e) {}
  });
})();
