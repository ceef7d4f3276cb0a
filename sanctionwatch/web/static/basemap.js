/* Shared map set-up: a Leaflet map with no tile server. The background is land polygons and the
   places the detectors use (DPRK waters, STS hot spots, ports), all served by this app. */
(function () {
  "use strict";

  var TYPE_COLORS = {
    gap: "#7b3294", encounter: "#d7191c", loitering: "#f08c00", port_visit: "#2c7bb6",
    zone_entry: "#1a9850", identity: "#e7298a", designated_vessel: "#111111"
  };

  function el(tag, attrs, children) {
    // Text goes in as text nodes: data from lists and AIS (ship names...) never becomes markup.
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function tip(text) {
    // Leaflet puts a string tooltip in as HTML; ship and port names come from AIS and user files.
    return el("span", { text: String(text) });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) {
          var err = new Error((body && body.error) || (r.status + " " + r.statusText));
          err.status = r.status;
          throw err;
        }
        return body;
      });
    });
  }

  function config() {
    return JSON.parse(document.getElementById("map-config").textContent);
  }

  function create(id, cfg, onReady) {
    var r = cfg.region;   // west, south, east, north
    var map = L.map(id, { zoomSnap: 0.25, minZoom: 3, maxZoom: 13, worldCopyJump: false });
    map.fitBounds([[r[1], r[0]], [r[3], r[2]]]);
    map.attributionControl.setPrefix(false);
    map.createPane("land").style.zIndex = 200;
    map.createPane("zones").style.zIndex = 300;
    map.createPane("tracks").style.zIndex = 390;
    var status = { land: false, areas: false };

    getJSON(cfg.land).then(function (fc) {
      L.geoJSON(fc, { pane: "land", interactive: false,
        style: { fillColor: "#ebe5d3", fillOpacity: 1, color: "#9c9277", weight: 0.7 } }).addTo(map);
      if (fc.source) {
        // Attributions are HTML in Leaflet: the text is escaped first.
        map.attributionControl.addAttribution(tip(fc.source).innerHTML);
        var note = document.getElementById("land-source");
        if (note) { note.textContent = "Land: " + fc.source + ". No tile server is used."; }
      }
    }).catch(function (e) { report("land: " + e.message); })
      .then(function () { status.land = true; done(); });

    getJSON(cfg.areas).then(function (fc) {
      L.geoJSON(fc, {
        pane: "zones",
        style: function (f) {
          return f.properties.kind === "dprk_waters"
            ? { color: "#c0392b", weight: 1.2, dashArray: "6 4", fillColor: "#e74c3c", fillOpacity: 0.06 }
            : { color: "#e67e22", weight: 1.2, fillColor: "#f8c471", fillOpacity: 0.1 };
        },
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { pane: "zones", radius: f.properties.watch ? 3.5 : 2.5, weight: 1,
            color: "#222", fillColor: f.properties.watch ? "#333" : "#999", fillOpacity: 1 });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          var what = p.kind === "port" ? "port" : p.kind === "dprk_waters" ? "DPRK waters" : "STS hot spot";
          layer.bindTooltip(tip(p.name + " (" + what + (p.country ? ", " + p.country : "") + ")"), { sticky: p.kind !== "port" });
        }
      }).addTo(map);
    }).catch(function (e) { report("areas: " + e.message); })
      .then(function () { status.areas = true; done(); });

    function done() {
      if (status.land && status.areas && onReady) { onReady(map); }
      if (status.land && status.areas) { document.body.setAttribute("data-basemap", "ready"); }
    }
    function report(text) {
      var s = document.getElementById("map-status");
      if (s) { s.textContent = text; }
    }
    return map;
  }

  window.SWMap = { create: create, getJSON: getJSON, el: el, tip: tip, config: config, TYPE_COLORS: TYPE_COLORS };
})();
