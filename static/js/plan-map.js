// The dispatch plan on a map: one colour a car, its stops numbered in order, the destination.
// The data is in #plan-data's data-plan (the plan panel, swapped by htmx after each move), so the
// map is drawn again from it after every swap and keeps where the person had moved it. Labels are
// elements holding text (never HTML strings: names are what a coordinator typed).
(function () {
  var el = document.getElementById("plan-map");
  if (!el || typeof L === "undefined") return;
  var map = L.map(el, { scrollWheelZoom: false, tap: true }).setView([35.44, 139.64], 13);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
  if (el.dataset.wards && window.fetch) {
    fetch(el.dataset.wards).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, { interactive: false, style: { color: "#0f5b3f", weight: 1.5, fillOpacity: 0.03 } }).addTo(map).bringToBack();
    }).catch(function () {});
  }
  var layer = L.layerGroup().addTo(map);
  var fitted = false;

  function icon(text, className, colour) {
    var box = document.createElement("div");
    box.className = "stop-icon " + className;
    box.textContent = text;
    // Through the CSSOM, which the Content-Security-Policy does not govern (no style attribute in markup).
    if (colour) box.style.backgroundColor = colour;
    return L.divIcon({ html: box, className: "", iconSize: [32, 32], iconAnchor: [16, 16] });
  }

  function label(lines) {
    var box = document.createElement("div");
    lines.forEach(function (line, i) {
      var part = document.createElement(i === 0 ? "strong" : "span");
      part.textContent = line;
      box.appendChild(part);
      if (i < lines.length - 1) box.appendChild(document.createElement("br"));
    });
    return box;
  }

  function draw() {
    var source = document.getElementById("plan-data");
    if (!source) return;
    var data;
    try { data = JSON.parse(source.dataset.plan); } catch (e) { return; }
    layer.clearLayers();
    var bounds = [];
    var dest = [data.destination[0], data.destination[1]];
    bounds.push(dest);
    data.cars.forEach(function (car, c) {
      if (!car.stops.length) return;
      var points = car.stops.map(function (s) { return [s[0], s[1]]; });
      var line = data.to ? points.concat([dest]) : [dest].concat(points);
      L.polyline(line, { color: car.colour, weight: 5, opacity: 0.85, interactive: false }).addTo(layer);
      car.stops.forEach(function (s) {
        var marker = L.marker([s[0], s[1]], { icon: icon(String(s[2]), "car-stop c" + c, car.colour), title: s[3], alt: s[3], keyboard: false });
        marker.bindTooltip(label([car.name, s[2] + ". " + s[3], s[4]]), { direction: "top", offset: [0, -14] });
        marker.addTo(layer);
        bounds.push([s[0], s[1]]);
      });
    });
    L.marker(dest, { icon: icon("★", "destination"), title: data.destination[2], alt: data.destination[2], keyboard: false })
      .bindTooltip(label([data.destination[2]]), { direction: "top", offset: [0, -16] }).addTo(layer);
    if (!fitted && bounds.length > 1) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 }); fitted = true; }
    el.dataset.stops = String(bounds.length - 1);
  }

  draw();
  document.body.addEventListener("htmx:afterSettle", draw);
})();
