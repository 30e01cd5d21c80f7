// The search results on a map, clustered: every result of the search, not only this page's.
// Ward outlines are drawn under the markers, so the map still says where it is when no tile
// server answers (a closed network, or TSUNAGU_TILE_URL left empty).
(function () {
  var el = document.getElementById("results-map");
  if (!el || typeof L === "undefined" || !window.fetch) return;
  var map = L.map(el, { scrollWheelZoom: false, preferCanvas: true }).setView([35.45, 139.6], 11);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
  }
  var note = document.getElementById("results-map-note");
  if (el.dataset.wards) {
    fetch(el.dataset.wards).then(function (r) { return r.json(); }).then(function (geo) {
      var outlines = L.geoJSON(geo, { interactive: false, style: { color: "#0f5b3f", weight: 1.5, fillOpacity: 0.04 } });
      outlines.addTo(map);
      outlines.bringToBack();
    }).catch(function () {});
  }
  fetch(el.dataset.points).then(function (r) { return r.json(); }).then(function (data) {
    var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    // Each point is [id, name, lat, lng], the coordinates in 1/scale degree (public_views.points).
    data.points.forEach(function (p) {
      var link = document.createElement("a");
      link.href = data.url.replace("{id}", p[0]);
      link.textContent = p[1];
      L.marker([p[2] / data.scale, p[3] / data.scale], { title: p[1], alt: p[1], keyboard: false })
        .bindPopup(link).addTo(group);
    });
    group.addTo(map);
    // 「近い順」: the point measured from, and the map around it rather than the whole city.
    var origin = el.dataset.originLat ? [parseFloat(el.dataset.originLat), parseFloat(el.dataset.originLng)] : null;
    if (origin) {
      var label = document.createElement("span");
      label.textContent = el.dataset.originLabel;
      L.circleMarker(origin, { radius: 9, color: "#7a3e00", weight: 3, fillColor: "#ffb347", fillOpacity: 0.9 })
        .bindTooltip(label, { permanent: true, direction: "top" }).addTo(map);
      map.setView(origin, 14);
    } else if (data.points.length) map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 16 });
    el.dataset.count = data.points.length;
    if (note && data.truncated) note.hidden = false;
  }).catch(function () {
    if (note) { note.textContent = note.dataset.failed; note.hidden = false; }
  });
})();
