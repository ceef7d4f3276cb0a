/* A vessel's track (GET /api/maritime/vessels/{key}?track=true) and its events on the map. */
(function () {
  "use strict";
  var M = window.SWMap;
  var cfg = M.config();
  var statusLine = document.getElementById("map-status");
  var palette = ["#1f5f8b", "#b42318", "#6a3d9a", "#1a9850"];

  var map = M.create("map", cfg, null);
  map.createPane("vesselEvents").style.zIndex = 420;

  M.getJSON(cfg.vessel).then(function (profile) {
    var tr = profile.track || { type: "FeatureCollection", features: [] };
    var bounds = L.latLngBounds([]);
    tr.features.forEach(function (f, i) {
      var color = palette[i % palette.length];
      var layer = L.geoJSON(f, { pane: "tracks", style: { color: color, weight: 2.2, opacity: 0.9 },
        pointToLayer: function (_f, ll) { return L.circleMarker(ll, { radius: 4, color: color }); } }).addTo(map);
      var p = f.properties;
      layer.bindTooltip(M.tip("MMSI " + p.mmsi + ": " + p.returned + " of " + p.positions + " fixes, " +
                        String(p.first).replace("T", " ") + " to " + String(p.last).replace("T", " ")), { sticky: true });
      bounds.extend(layer.getBounds());
      var coords = f.geometry.type === "LineString" ? f.geometry.coordinates : [f.geometry.coordinates];
      var last = coords[coords.length - 1];
      L.circleMarker([last[1], last[0]], { radius: 5, color: "#000", weight: 1.5, fillColor: color, fillOpacity: 1 })
        .bindTooltip(M.tip("last position " + String(p.last).replace("T", " "))).addTo(map);
    });
    cfg.events.forEach(function (e) {
      if (e.lat == null || e.lon == null) { return; }
      L.circleMarker([e.lat, e.lon], { pane: "vesselEvents", radius: 6, color: "#222", weight: 1,
        fillColor: M.TYPE_COLORS[e.type] || "#555", fillOpacity: 0.9, className: "sw-event ev-" + e.type })
        .bindTooltip(M.tip(e.summary || e.type)).addTo(map);
      bounds.extend([e.lat, e.lon]);
    });
    if (bounds.isValid()) { map.fitBounds(bounds.pad(0.2), { padding: [25, 25], maxZoom: 7, animate: false }); }
    var fixes = tr.features.reduce(function (n, f) { return n + (f.properties.positions || 0); }, 0);
    statusLine.textContent = tr.features.length
      ? "Track: " + fixes + " AIS positions" + (tr.features.some(function (f) { return f.properties.thinned; }) ? " (thinned for the map)" : "") +
        "; " + cfg.events.length + " events."
      : "No AIS positions for this vessel.";
    document.body.setAttribute("data-track", String(tr.features.length));
  }).catch(function (e) {
    statusLine.textContent = "The track could not be loaded: " + e.message;
  });
})();
