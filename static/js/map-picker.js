// Place a listing's point on a map: a click or a drag fills the latitude and longitude fields.
// Without Leaflet or tiles the fields still work by hand.
(function () {
  var el = document.getElementById("picker");
  if (!el || typeof L === "undefined") return;
  var lat = document.getElementById("id_location-latitude");
  var lng = document.getElementById("id_location-longitude");
  var start = lat.value && lng.value ? [parseFloat(lat.value), parseFloat(lng.value)] : [35.4437, 139.638];
  var map = L.map(el).setView(start, lat.value ? 16 : 12);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
  }
  if (el.dataset.wards && window.fetch) {
    // Ward outlines give the map its bearings when no tile server answers.
    fetch(el.dataset.wards).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, { interactive: false, style: { color: "#0f5b3f", weight: 2, fillOpacity: 0.04 } }).addTo(map).bringToBack();
    }).catch(function () {});
  }
  var marker = null;
  function put(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
    if (marker) { marker.setLatLng(latlng); return; }
    marker = L.marker(latlng, { draggable: true, keyboard: true, title: "会場" }).addTo(map);
    marker.on("dragend", function () { put(marker.getLatLng()); });
  }
  if (lat.value && lng.value) put(L.latLng(start[0], start[1]));
  map.on("click", function (e) { put(e.latlng); });
  // Numbers typed by hand move the point too.
  [lat, lng].forEach(function (input) {
    input.addEventListener("change", function () {
      var a = parseFloat(lat.value), o = parseFloat(lng.value);
      if (!isNaN(a) && !isNaN(o)) { put(L.latLng(a, o)); map.setView([a, o], Math.max(map.getZoom(), 15)); }
    });
  });
})();
