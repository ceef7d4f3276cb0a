/* The events map: events of the latest detection run from /api/maritime/events (GeoJSON) with the
   API's filters, a per-day histogram whose range filters the markers, and a details panel. */
(function () {
  "use strict";
  var M = window.SWMap, el = M.el;
  var cfg = M.config();
  var form = document.getElementById("filters");
  var statusLine = document.getElementById("map-status");
  var details = document.getElementById("details");
  var bars = document.getElementById("bars");
  var from = document.getElementById("t-from"), to = document.getElementById("t-to");
  var label = document.getElementById("t-label");

  var events = [];       // point features of the loaded events
  var total = 0;         // events matching the filters on the server (more than loaded past the limit)
  var days = [];         // "YYYY-MM-DD" from the first to the last event's start
  var run = null;
  var markers = L.layerGroup();
  var highlight = L.layerGroup();
  var selected = null;

  var map = M.create("map", cfg, function () { load(); });
  markers.addTo(map);
  highlight.addTo(map);
  window.swMap = map;   // for tests and the browser console

  function filters() {
    var data = new FormData(form);
    var q = new URLSearchParams();
    var types = data.getAll("type");
    if (types.length && types.length < cfg.types.length) { types.forEach(function (t) { q.append("type", t); }); }
    ["detector", "vessel", "since", "until"].forEach(function (k) {
      var v = String(data.get(k) || "").trim();
      if (v) { q.set(k, v); }
    });
    if (q.get("until") && /^\d{4}-\d{2}-\d{2}$/.test(q.get("until"))) {
      // A date "until" means through the end of that day.
      var d = new Date(q.get("until") + "T00:00:00Z");
      d.setUTCDate(d.getUTCDate() + 1);
      q.set("until", d.toISOString().slice(0, 10));
    }
    return { query: q, noTypes: types.length === 0 };
  }

  function load() {
    var f = filters();
    var shown = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", "/ui/map" + (shown.toString() ? "?" + cleanQuery(shown) : ""));
    if (f.noTypes) { show([], null); return; }
    var q = f.query;
    q.set("format", "geojson");
    q.set("positions", "false");
    q.set("limit", "50000");
    statusLine.textContent = "Loading events…";
    M.getJSON(cfg.events + "?" + q.toString()).then(function (fc) {
      show(fc.features.filter(function (x) { return x.geometry && x.geometry.type === "Point"; }), fc);
    }).catch(function (e) {
      statusLine.textContent = "Events could not be loaded: " + e.message;
      if (e.status === 401) { statusLine.appendChild(el("a", { href: "/ui/login?next=/ui/map", text: " Log in again" })); }
    });
  }

  function cleanQuery(params) {
    var out = new URLSearchParams();
    params.forEach(function (v, k) {
      if (k === "type" && params.getAll("type").length === cfg.types.length) { return; }
      if (v) { out.append(k, v); }
    });
    return out.toString();
  }

  var fitted = false;

  function show(features, fc) {
    events = features;
    total = fc && typeof fc.total === "number" ? fc.total : features.length;
    run = fc ? fc.run : null;
    buildDays();
    drawBars();
    draw();
    if (!fitted && events.length) {
      // The first view frames the events rather than the whole region.
      fitted = true;
      map.fitBounds(L.latLngBounds(events.map(function (f) {
        return [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      })).pad(0.1), { maxZoom: 8, animate: false });
    }
  }

  function dayOf(iso) { return String(iso || "").slice(0, 10); }

  function buildDays() {
    days = [];
    if (!events.length) { return; }
    var starts = events.map(function (f) { return dayOf(f.properties.start); }).sort();
    var d = new Date(starts[0] + "T00:00:00Z"), last = new Date(starts[starts.length - 1] + "T00:00:00Z");
    while (d <= last && days.length < 3660) {
      days.push(d.toISOString().slice(0, 10));
      d.setUTCDate(d.getUTCDate() + 1);
    }
    from.max = to.max = String(Math.max(0, days.length - 1));
    from.value = "0";
    to.value = String(Math.max(0, days.length - 1));
  }

  function counts() {
    var c = {};
    events.forEach(function (f) { var k = dayOf(f.properties.start); c[k] = (c[k] || 0) + 1; });
    return c;
  }

  function drawBars() {
    bars.textContent = "";
    if (!days.length) { bars.appendChild(el("span", { "class": "empty", text: "no events" })); return; }
    var c = counts();
    var most = Math.max.apply(null, days.map(function (d) { return c[d] || 0; }));
    days.forEach(function (d, i) {
      var n = c[d] || 0;
      var b = el("button", { type: "button", title: d + ": " + n + " event" + (n === 1 ? "" : "s"),
                             "data-day": d, "aria-label": d + ", " + n + " events", text: String(n) });
      b.style.height = (n ? Math.max(6, Math.round(100 * n / most)) : 2) + "%";
      b.addEventListener("click", function () { from.value = to.value = String(i); draw(); });
      bars.appendChild(b);
    });
  }

  function range() {
    var a = Number(from.value), b = Number(to.value);
    return a <= b ? [a, b] : [b, a];
  }

  function draw() {
    markers.clearLayers();
    var r = range();
    var lo = days[r[0]], hi = days[r[1]];
    bars.querySelectorAll("button").forEach(function (b, i) { b.classList.toggle("on", i >= r[0] && i <= r[1]); });
    label.textContent = days.length ? (lo === hi ? lo : lo + " to " + hi) : "";
    var shown = 0;
    // Frequent, low-signal types first so that encounters and designated vessels are drawn on top.
    var order = ["zone_entry", "port_visit", "gap", "loitering", "identity", "encounter", "designated_vessel"];
    var sorted = events.slice().sort(function (a, b) {
      return order.indexOf(a.properties.type) - order.indexOf(b.properties.type);
    });
    sorted.forEach(function (f) {
      var d = dayOf(f.properties.start);
      if (days.length && (d < lo || d > hi)) { return; }
      var p = f.properties, c = f.geometry.coordinates;
      var m = L.circleMarker([c[1], c[0]], {
        radius: p.type === "encounter" || p.type === "designated_vessel" ? 7 : 5.5,
        color: "#222", weight: 1, fillColor: M.TYPE_COLORS[p.type] || "#555", fillOpacity: 0.85,
        className: "sw-event ev-" + p.type
      });
      m.bindTooltip(M.tip(p.summary || p.type));
      m.on("click", function () { open(f, m); });
      m.addTo(markers);
      shown += 1;
    });
    var capped = total > events.length ? " (the first " + events.length + " of " + total + " matching)" : "";
    statusLine.textContent = shown + " of " + events.length + " events shown" + capped +
      (run ? " · detection run " + run : "") + (days.length ? " · " + label.textContent : "");
    document.body.setAttribute("data-events", String(shown));
  }

  function fmtTime(iso) { return iso ? String(iso).replace("T", " ").replace("Z", " UTC") : ""; }

  function value(v, depth) {
    // Detectors' details are small objects and lists: shown as "key: value; ..." rather than JSON.
    var text;
    if (v === null || v === undefined) { text = ""; }
    else if (Array.isArray(v)) { text = v.map(function (x) { return value(x, (depth || 0) + 1); }).join(", "); }
    else if (typeof v === "object") {
      text = (depth || 0) > 1 ? JSON.stringify(v) : Object.keys(v).map(function (k) {
        return k.replace(/_/g, " ") + ": " + value(v[k], (depth || 0) + 1);
      }).join("; ");
    } else { text = String(v); }
    return text.length > 400 ? text.slice(0, 400) + "…" : text;
  }

  function open(f, marker) {
    var p = f.properties;
    selected = p.id;
    document.body.removeAttribute("data-selected");
    details.textContent = "";
    details.appendChild(el("h2", {}, [el("span", { "class": "swatch type-" + p.type }), p.type.replace(/_/g, " ")]));
    if (p.summary) { details.appendChild(el("p", { "class": "small", text: p.summary })); }
    var dl = el("dl");
    [["Start", fmtTime(p.start)], ["End", fmtTime(p.end)],
     ["Duration", p.duration_hours != null ? Number(p.duration_hours).toFixed(1) + " h" : ""],
     ["Detector", p.detector], ["Position", f.geometry.coordinates[1].toFixed(4) + ", " + f.geometry.coordinates[0].toFixed(4)],
     ["Event id", p.id]].forEach(function (row) {
      dl.appendChild(el("dt", { text: row[0] }));
      dl.appendChild(el("dd", { text: row[1] || "" }));
    });
    details.appendChild(dl);
    var vessels = el("p", { "class": "vessels" }, ["Vessels: "]);
    (p.vessels || []).forEach(function (mmsi) {
      vessels.appendChild(el("a", { href: cfg.vessel + encodeURIComponent(mmsi), "class": "vessel-link", text: String(mmsi) }));
    });
    details.appendChild(vessels);
    var rows = Object.keys(p.details || {}).map(function (k) {
      return el("tr", {}, [el("td", { text: k.replace(/_/g, " ") }), el("td", { text: value(p.details[k]) })]);
    });
    if (rows.length) {
      details.appendChild(el("h3", { text: "Details" }));
      details.appendChild(el("table", {}, [el("tbody", {}, rows)]));
    }
    track(f);
  }

  function track(f) {
    // The fixes behind one event: asked for only when it is opened (all events' fixes would weigh MBs).
    highlight.clearLayers();
    var p = f.properties;
    var q = new URLSearchParams({ format: "geojson", positions: "true", vessel: String(p.vessels[0]),
                                  type: p.type, since: p.start, until: addSecond(p.end), limit: "50" });
    M.getJSON(cfg.events + "?" + q.toString()).then(function (fc) {
      if (selected !== p.id) { return; }
      var lines = fc.features.filter(function (x) {
        return x.geometry.type === "LineString" && x.properties.event === p.id;
      });
      var layer = L.geoJSON({ type: "FeatureCollection", features: lines }, {
        pane: "tracks", style: function () { return { color: M.TYPE_COLORS[p.type] || "#333", weight: 2.5, opacity: 0.9 }; }
      }).addTo(highlight);
      var c = f.geometry.coordinates;
      L.circleMarker([c[1], c[0]], { radius: 12, color: "#000", weight: 2, fill: false, interactive: false }).addTo(highlight);
      // Close enough to see how the vessels moved, far enough to keep the coast in view.
      var b = lines.length ? layer.getBounds().extend([c[1], c[0]]) : L.latLngBounds([[c[1], c[0]], [c[1], c[0]]]);
      map.once("moveend", function () { document.body.setAttribute("data-selected", p.id); });
      map.fitBounds(b.pad(0.3), { maxZoom: 7, padding: [40, 40] });
    }).catch(function () {
      // The details stay useful without the track.
      document.body.setAttribute("data-selected", p.id);
    });
  }

  function addSecond(iso) {
    var d = new Date(iso);
    return isNaN(d) ? iso : new Date(d.getTime() + 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      form.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = true; });
      form.querySelectorAll("input:not([type=checkbox]), select").forEach(function (i) { i.value = ""; });
      load();
    }, 0);
  });
  from.addEventListener("input", draw);
  to.addEventListener("input", draw);
  document.getElementById("t-all").addEventListener("click", function () {
    from.value = "0"; to.value = String(Math.max(0, days.length - 1)); draw();
  });
})();
