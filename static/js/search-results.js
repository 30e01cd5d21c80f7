// After a public search, the result count takes the focus: a screen reader says 「12件見つかりました」
// and the page starts at the results (the markup already puts them first; this also moves a
// page restored from the back/forward cache). Not when a link within the page was followed.
(function () {
  "use strict";
  var heading = document.querySelector("h2.result-count");
  if (!heading || window.location.hash) return;
  heading.focus({ preventScroll: false });
})();
