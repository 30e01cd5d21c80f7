// The search results on a map, clustered. Without tiles the markers still show on a plain background.
(function () {
  var el = document.getElementById("results-map");
  var data = document.getElementById("map-points");
  if (!el || !data || typeof L === "undefined") return;
  var points = JSON.parse(data.textContent);
  var map = L.map(el, { scrollWheelZoom: false });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
  }
  var group = L.markerClusterGroup ? L.markerClusterGroup() : L.featureGroup();
  points.forEach(function (p) {
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    L.marker([p.lat, p.lng], { title: p.name, alt: p.name }).bindPopup(link).addTo(group);
  });
  group.addTo(map);
  map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 16 });
})();
