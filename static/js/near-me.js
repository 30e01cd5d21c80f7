// 「現在地から」: asks the phone where it is only when the button is pressed, rounds the answer to
// about 100 m (three decimals) and searches nearest first from there. Refused or unknown: says so,
// and the address field and the town list still work. Without geolocation the button stays hidden.
(function () {
  var button = document.getElementById("near-me");
  var status = document.getElementById("near-me-status");
  if (!button || !("geolocation" in navigator)) return;
  var form = button.form;
  var lat = form.querySelector("input[name=lat]");
  var lng = form.querySelector("input[name=lng]");
  var near = form.querySelector("input[name=near]");
  button.hidden = false;
  // Typing an address means "from here": forget a location from before.
  if (near) near.addEventListener("input", function () { lat.value = ""; lng.value = ""; });
  function say(text) { status.textContent = text; }
  button.addEventListener("click", function () {
    button.disabled = true;
    say(button.getAttribute("data-asking"));
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(3);
      lng.value = position.coords.longitude.toFixed(3);
      if (near) near.value = "";
      form.submit();
    }, function (error) {
      button.disabled = false;
      say(button.getAttribute(error.code === 1 ? "data-refused" : "data-failed"));
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  });
})();
