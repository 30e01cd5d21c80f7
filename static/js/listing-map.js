// One venue on a map, with the ward outlines under it so the map says where it is without tiles.
(function () {
  var el = document.getElementById("listing-map");
  if (!el || typeof L === "undefined") return;
  var at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
  var map = L.map(el, { scrollWheelZoom: false }).setView(at, 15);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
  if (el.dataset.wards && window.fetch) {
    fetch(el.dataset.wards).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, { interactive: false, style: { color: "#0f5b3f", weight: 2, fillOpacity: 0.04 } }).addTo(map).bringToBack();
    }).catch(function () {});
  }
  // The popup gets an element holding the name as text: Leaflet puts a string popup in as HTML,
  // and the name is whatever a group's leader typed.
  var label = document.createElement("span");
  label.textContent = el.dataset.name;
  L.marker(at, { title: el.dataset.name, alt: el.dataset.name, keyboard: false }).addTo(map).bindPopup(label);
})();
