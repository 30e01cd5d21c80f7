// The assessment choropleth: 町丁目 cells (おおよその区域) coloured by one indicator, the
// resources on top, the legend and the data's date beside it. DOM nodes only (no HTML strings).
(function () {
  var el = document.getElementById("assessment-map");
  if (!el || typeof L === "undefined" || !window.fetch) return;
  var map = L.map(el, { scrollWheelZoom: false, preferCanvas: true }).setView([35.45, 139.6], 11);
  var KIND_COLOURS = { salon: "#1b7837", meal: "#2166ac", shopping: "#762a83" };
  function text(tag, value) { var n = document.createElement(tag); n.textContent = value; return n; }
  function number(v) { return v === null || v === undefined ? el.dataset.suppressed : String(v); }
  fetch(el.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      style: function (f) { return { color: "#555", weight: 0.5, fillColor: f.properties.colour, fillOpacity: 0.75 }; },
      onEachFeature: function (f, l) {
        var box = document.createElement("div");
        box.appendChild(text("strong", f.properties.name));
        box.appendChild(text("div", data.indicator + "：" + number(f.properties.value)));
        box.appendChild(text("div", el.dataset.populationLabel + "：" + number(f.properties.population)));
        box.appendChild(text("div", el.dataset.aged75Label + "：" + number(f.properties.aged_75)));
        l.bindPopup(box);
      }
    }).addTo(map);
    data.resources.forEach(function (r) {
      L.circleMarker([r[0], r[1]], { radius: 4, color: "#fff", weight: 1, fillColor: KIND_COLOURS[r[2]] || "#000", fillOpacity: 1 })
        .bindTooltip(text("span", data.targets[r[2]])).addTo(map);
    });
    if (data.features.length) map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    document.getElementById("legend-title").textContent = data.indicator + "（" + data.date + "）";
    var list = document.getElementById("legend-items");
    data.legend.forEach(function (c) {
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = c.colour;
      li.appendChild(swatch);
      var label = (c.from === null ? "" : c.from) + " – " + (c.to === null ? "" : c.to);
      li.appendChild(text("span", label));
      list.appendChild(li);
    });
    if (data.no_value) {
      var none = document.createElement("li");
      var grey = document.createElement("span");
      grey.className = "swatch";
      grey.style.backgroundColor = data.no_value.colour;
      none.appendChild(grey);
      none.appendChild(text("span", data.no_value.label));
      list.appendChild(none);
    }
    var keys = document.getElementById("legend-resources");
    Object.keys(data.targets).forEach(function (k) {
      var dot = document.createElement("span");
      dot.className = "dot";
      dot.style.backgroundColor = KIND_COLOURS[k];
      keys.appendChild(dot);
      keys.appendChild(text("span", data.targets[k] + "　"));
    });
    el.dataset.count = data.features.length;
  });
})();
