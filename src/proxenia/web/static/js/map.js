/*
 * Proxenia — maps of actors and ties (progressive enhancement).
 *
 * Plain ES2019, no build step, no requests to other hosts. Needs (in order):
 *   vendor/leaflet@1.9.4/leaflet.js
 *   vendor/topojson-client@3.1.0/topojson-client.min.js      (for outlines)
 *   vendor/leaflet.markercluster@1.5.3/leaflet.markercluster.js (for data-cluster)
 *
 * Markup contract (the server renders a table view beside it as the
 * accessible alternative):
 *
 *   <div class="map"
 *        data-geojson="/…/map.geojson"        required, same origin
 *        data-outlines="/static/vendor/world-atlas@2.0.2/countries-110m.json"
 *        data-cluster="true"                  optional
 *        data-point-label="Practice"          optional: what a point is, in the key
 *        data-unplaced-note="id"              optional: an element told how many the
 *                                             collection's "unplaced" member counts
 *        data-label="Map of sister cities of Lyon"></div>
 *
 * The GeoJSON is a FeatureCollection of
 *   Point      properties: id, name, kind, url, [kind_label], [highlight: true]
 *   LineString properties: type, type_label, status, source_name,
 *              target_name, start_date
 */
(function () {
  "use strict";

  /* Tie styles, keyed on the tie type code. Keep in sync with graph.js. */
  var TIE_COLOURS = {
    sister_city: "#1d70b8",
    friendship_city: "#00703c",
    network_membership: "#4c2c92",
    mou: "#b1560f",
    consular_presence: "#d4351c",
    trade_office: "#912b88",
    partnership: "#00707a",
    pledge: "#6e5a00",
    serves: "#0b0c0c"
  };
  /* Unknown (tenant-defined) types get a stable colour from their name. */
  var FALLBACK_COLOURS = ["#5694ca", "#85994b", "#f47738", "#a285d1", "#b58840", "#505a5f", "#d53880", "#28a197"];
  var STATUS_DASH = {
    dormant: { dashArray: "8 6", lineCap: "butt", label: "Dormant (dashed)" },
    ended: { dashArray: "1 6", lineCap: "round", label: "Ended (dotted)" }
  };

  function hashString(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) {
      h = (h * 31 + text.charCodeAt(i)) | 0;
    }
    return Math.abs(h);
  }

  function tieColour(type) {
    if (!type) return "#505a5f";
    if (Object.prototype.hasOwnProperty.call(TIE_COLOURS, type)) return TIE_COLOURS[type];
    return FALLBACK_COLOURS[hashString(String(type)) % FALLBACK_COLOURS.length];
  }

  function tieStyle(props) {
    var status = props && props.status;
    var dash = STATUS_DASH[status];
    return {
      color: tieColour(props && props.type),
      weight: dash && status === "ended" ? 3.5 : 2.5,
      opacity: 0.9,
      dashArray: dash ? dash.dashArray : null,
      lineCap: dash ? dash.lineCap : "round",
      lineJoin: "round"
    };
  }

  function humanise(text) {
    if (!text) return "";
    var s = String(text).replace(/_/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  /* Resolve a data-* URL; refuse anything that is not on this origin. */
  function sameOriginUrl(value) {
    if (!value) return null;
    try {
      var u = new URL(value, document.baseURI);
      if (u.origin !== window.location.origin) return null;
      return u.href;
    } catch (e) {
      return null;
    }
  }

  /* Links in popups: only http(s) (no javascript: and the like). */
  function safeHref(value) {
    if (!value) return null;
    try {
      var u = new URL(value, document.baseURI);
      return u.protocol === "http:" || u.protocol === "https:" ? value : null;
    } catch (e) {
      return null;
    }
  }

  function fetchJSON(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json, application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  function showMessage(el, text) {
    var msg = el.querySelector(".viz-message");
    if (!msg) {
      msg = document.createElement("p");
      msg.className = "viz-message";
      msg.setAttribute("role", "status");
      el.appendChild(msg);
    }
    msg.textContent = text;
    el.removeAttribute("aria-busy");
  }

  var FAILURE_TEXT = "The map could not be loaded. The same information is in the table view.";

  function swatchSvg(colour, dashArray, lineCap) {
    /* Values come from our own palette, never from the data. */
    return (
      '<svg viewBox="0 0 36 16" aria-hidden="true" focusable="false">' +
      '<line x1="3" y1="8" x2="33" y2="8" stroke="' + colour + '" stroke-width="3"' +
      (dashArray ? ' stroke-dasharray="' + dashArray + '"' : "") +
      ' stroke-linecap="' + (lineCap || "round") + '"/></svg>'
    );
  }

  function pointSwatchSvg(highlight) {
    return highlight
      ? '<svg viewBox="0 0 36 16" aria-hidden="true" focusable="false"><circle cx="18" cy="8" r="6.5" fill="#d4351c" stroke="#0b0c0c" stroke-width="2"/></svg>'
      : '<svg viewBox="0 0 36 16" aria-hidden="true" focusable="false"><circle cx="18" cy="8" r="5" fill="#1d70b8" stroke="#0b0c0c" stroke-width="1"/></svg>';
  }

  function legendItem(list, svg, label) {
    var li = document.createElement("li");
    var sw = document.createElement("span");
    sw.className = "legend-swatch";
    sw.innerHTML = svg;
    var text = document.createElement("span");
    text.textContent = label;
    li.appendChild(sw);
    li.appendChild(text);
    list.appendChild(li);
  }

  function legendSection(container, title, build) {
    var h = document.createElement("p");
    h.className = "legend-title";
    h.textContent = title;
    var ul = document.createElement("ul");
    build(ul);
    container.appendChild(h);
    container.appendChild(ul);
  }

  function buildLegend(summary, mapWidth) {
    var outer = document.createElement("div");
    outer.className = "map-legend";
    if (!summary.points && !summary.types.length) {
      var p = document.createElement("p");
      p.style.margin = "0";
      p.textContent = "Nothing to show on the map.";
      outer.appendChild(p);
      return outer;
    }
    /* A <details> so it can be folded away; folded at first on small maps
       (phones, maps in a card) where it would hide the data. */
    var div = document.createElement("details");
    if (mapWidth >= 640) div.open = true;
    var summaryEl = document.createElement("summary");
    summaryEl.textContent = "Key";
    div.appendChild(summaryEl);
    outer.appendChild(div);
    if (summary.points) {
      legendSection(div, "Places", function (ul) {
        legendItem(ul, pointSwatchSvg(false), summary.pointLabel);
        if (summary.highlight) legendItem(ul, pointSwatchSvg(true), "Highlighted (larger)");
      });
    }
    if (summary.types.length) {
      legendSection(div, "Ties", function (ul) {
        summary.types.forEach(function (t) {
          legendItem(ul, swatchSvg(tieColour(t.type), null, "round"), t.label);
        });
      });
      var statuses = summary.statuses;
      if (statuses.dormant || statuses.ended) {
        legendSection(div, "Status", function (ul) {
          legendItem(ul, swatchSvg("#0b0c0c", null, "round"), "Active (solid)");
          ["dormant", "ended"].forEach(function (s) {
            if (statuses[s]) {
              legendItem(ul, swatchSvg("#0b0c0c", STATUS_DASH[s].dashArray, STATUS_DASH[s].lineCap), STATUS_DASH[s].label);
            }
          });
        });
      }
    }
    return outer;
  }

  /* Split a [lon, lat] line where it crosses the antimeridian so that a
     Tokyo–San Francisco tie goes over the Pacific, not across the world. */
  function lineParts(coords) {
    var parts = [];
    var current = [];
    for (var i = 0; i < coords.length; i++) {
      var c = coords[i];
      if (!c || c.length < 2) continue;
      if (current.length) {
        var prev = coords[i - 1];
        var dl = c[0] - prev[0];
        if (Math.abs(dl) > 180) {
          var shifted = dl < 0 ? c[0] + 360 : c[0] - 360;
          var edge = dl < 0 ? 180 : -180;
          var t = (edge - prev[0]) / (shifted - prev[0]);
          var lat = prev[1] + t * (c[1] - prev[1]);
          current.push([lat, edge]);
          parts.push(current);
          current = [[lat, -edge]];
        }
      }
      current.push([c[1], c[0]]);
    }
    if (current.length > 1) parts.push(current);
    return parts;
  }

  function linePopup(props) {
    var div = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = humanise(props.type_label || props.type || "Tie");
    div.appendChild(title);
    var ends = document.createElement("span");
    ends.className = "map-popup-kind";
    ends.textContent = (props.source_name || "?") + " — " + (props.target_name || "?");
    div.appendChild(ends);
    var meta = [];
    if (props.status) meta.push("Status: " + humanise(props.status));
    if (props.start_date) meta.push("Since " + props.start_date);
    if (meta.length) {
      var m = document.createElement("span");
      m.className = "map-popup-kind";
      m.textContent = meta.join(" · ");
      div.appendChild(m);
    }
    return div;
  }

  function pointPopup(props) {
    var div = document.createElement("div");
    var href = safeHref(props.url);
    var name = document.createElement(href ? "a" : "strong");
    if (href) name.setAttribute("href", href);
    name.textContent = props.name || "Unnamed";
    div.appendChild(name);
    var kind = props.kind_label || humanise(props.kind);
    if (kind) {
      var k = document.createElement("span");
      k.className = "map-popup-kind";
      k.textContent = kind;
      div.appendChild(k);
    }
    return div;
  }

  function makeMarker(feature) {
    var props = feature.properties || {};
    var c = feature.geometry.coordinates;
    var highlight = props.highlight === true;
    var size = highlight ? 20 : 14;
    var icon = L.divIcon({
      className: "map-point" + (highlight ? " is-highlight" : ""),
      iconSize: [size, size],
      html: ""
    });
    var name = props.name || "Unnamed";
    var kind = props.kind_label || humanise(props.kind);
    var label = kind ? name + " (" + kind + ")" : name;
    var marker = L.marker([c[1], c[0]], {
      icon: icon,
      keyboard: true,
      title: label,
      alt: label,
      riseOnHover: true,
      zIndexOffset: highlight ? 1000 : 0
    });
    marker.bindPopup(pointPopup(props), { autoPanPadding: [24, 24] });
    marker.on("add", function () {
      var el = marker.getElement();
      if (el) el.setAttribute("aria-label", label);
    });
    /* Enter on a focused marker opens its popup (Leaflet); move focus into it
       so keyboard users can follow the link, and back on close. */
    marker.on("keypress", function (e) {
      if (e.originalEvent && e.originalEvent.key === "Enter") {
        var popup = marker.getPopup();
        var pel = popup && popup.isOpen() && popup.getElement();
        var link = pel && pel.querySelector(".leaflet-popup-content a");
        if (link) link.focus();
      }
    });
    marker.on("popupclose", function (e) {
      var pel = e.popup && e.popup.getElement();
      var active = document.activeElement;
      var el = marker.getElement();
      if (el && (!active || active === document.body || (pel && pel.contains(active)))) el.focus();
    });
    return marker;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html: "<div><span>" + count + '<span class="visually-hidden"> places, zoom in</span></span></div>',
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40)
    });
  }

  /* world-atlas is made for spherical renderers: some rings (Russia, Fiji)
     jump from +180 to -180. Drawn flat, such a jump is a stroke right across
     the world. Unwrap those rings so they run on past the edge instead, keep
     the bulk of each ring on the map, and leave rings that go round a pole
     (Antarctica) as they are. */
  function unwrapRing(ring) {
    if (!ring || ring.length < 2) return ring;
    var out = [[ring[0][0], ring[0][1]]];
    var offset = 0;
    var jumped = false;
    var sum = ring[0][0];
    for (var i = 1; i < ring.length; i++) {
      var d = ring[i][0] - ring[i - 1][0];
      if (d > 180) { offset -= 360; jumped = true; }
      else if (d < -180) { offset += 360; jumped = true; }
      out.push([ring[i][0] + offset, ring[i][1]]);
      sum += ring[i][0] + offset;
    }
    if (!jumped || offset !== 0) return ring; /* no jump, or a polar ring */
    var mean = sum / out.length;
    var shift = mean > 180 ? -360 : mean < -180 ? 360 : 0;
    if (shift) {
      for (var j = 0; j < out.length; j++) out[j][0] += shift;
    }
    return out;
  }

  function unwrapGeometry(geometry) {
    if (!geometry) return geometry;
    if (geometry.type === "Polygon") {
      return { type: "Polygon", coordinates: geometry.coordinates.map(unwrapRing) };
    }
    if (geometry.type === "MultiPolygon") {
      return {
        type: "MultiPolygon",
        coordinates: geometry.coordinates.map(function (poly) { return poly.map(unwrapRing); })
      };
    }
    return geometry;
  }

  function drawOutlines(map, topology) {
    if (!window.topojson || !topology || !topology.objects) return;
    var object = topology.objects.countries || topology.objects[Object.keys(topology.objects)[0]];
    if (!object) return;
    var land = window.topojson.feature(topology, object);
    var features = land.type === "FeatureCollection" ? land.features : [land];
    land = {
      type: "FeatureCollection",
      features: features.map(function (f) {
        return { type: "Feature", properties: f.properties || {}, geometry: unwrapGeometry(f.geometry) };
      })
    };
    L.geoJSON(land, {
      pane: "outlines",
      interactive: false,
      /* Leaflet clips polygons to the view, which strokes the clip edges as
         stray horizontal lines across the map; 110m/50m data is small. */
      noClip: true,
      style: {
        color: "#9aa1a6",
        weight: 0.6,
        opacity: 1,
        fillColor: "#dcdddd",
        fillOpacity: 1
      }
    }).addTo(map);
  }

  function drawData(el, map, collection) {
    var features = (collection && collection.features) || [];
    var useCluster = el.getAttribute("data-cluster") === "true" && typeof L.markerClusterGroup === "function";
    var pointLayer = useCluster
      ? L.markerClusterGroup({
          showCoverageOnHover: false,
          maxClusterRadius: 45,
          spiderfyOnMaxZoom: true,
          chunkedLoading: true,
          iconCreateFunction: clusterIcon
        })
      : L.featureGroup();
    var lineLayer = L.featureGroup();
    var bounds = L.latLngBounds([]);
    var types = {};
    var summary = { points: 0, highlight: false, types: [], statuses: {}, pointLabel: el.getAttribute("data-point-label") || "Actor" };

    features.forEach(function (f) {
      if (!f || !f.geometry) return;
      var g = f.geometry;
      var props = f.properties || {};
      if (g.type === "Point" && Array.isArray(g.coordinates)) {
        pointLayer.addLayer(makeMarker(f));
        bounds.extend([g.coordinates[1], g.coordinates[0]]);
        summary.points += 1;
        if (props.highlight === true) summary.highlight = true;
      } else if (g.type === "LineString" || g.type === "MultiLineString") {
        var lines = g.type === "LineString" ? [g.coordinates] : g.coordinates;
        var parts = [];
        lines.forEach(function (coords) {
          parts = parts.concat(lineParts(coords || []));
          (coords || []).forEach(function (c) {
            bounds.extend([c[1], c[0]]);
          });
        });
        if (!parts.length) return;
        var line = L.polyline(parts, tieStyle(props));
        var tip = humanise(props.type_label || props.type || "Tie") + ": " +
          (props.source_name || "?") + " — " + (props.target_name || "?") +
          (props.status && props.status !== "active" ? " (" + props.status + ")" : "");
        line.bindTooltip(tip, { sticky: true });
        line.bindPopup(linePopup(props));
        lineLayer.addLayer(line);
        if (props.type && !types[props.type]) {
          types[props.type] = humanise(props.type_label || props.type);
        }
        if (props.status) summary.statuses[props.status] = true;
      }
    });

    summary.types = Object.keys(types)
      .map(function (t) { return { type: t, label: types[t] }; })
      .sort(function (a, b) { return a.label.localeCompare(b.label); });

    lineLayer.addTo(map);
    pointLayer.addTo(map);

    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = buildLegend(summary, el.clientWidth);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    legend.addTo(map);
    /* Keep the data clear of the legend when there is room beside it. */
    var legendEl = legend.getContainer();
    var padRight = 24;
    if (legendEl && legendEl.offsetWidth && legendEl.offsetWidth < el.clientWidth * 0.4) {
      padRight += legendEl.offsetWidth;
    }

    if (bounds.isValid()) {
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
        map.setView(bounds.getCenter(), 5, { animate: false });
      } else {
        map.fitBounds(bounds, { paddingTopLeft: [24, 24], paddingBottomRight: [padRight, 24], maxZoom: 6, animate: false });
      }
    }
    el.removeAttribute("aria-busy");
    el.setAttribute("data-map-features", String(features.length));
    /* Records the collection could not place (no coordinates): said beside the map, not hidden. */
    var unplaced = Number(collection && collection.unplaced) || 0;
    var note = document.getElementById(el.getAttribute("data-unplaced-note") || "");
    if (note) {
      note.textContent = unplaced > 0
        ? unplaced + (unplaced === 1 ? " of them has" : " of them have") + " no place on the map (no coordinates recorded for the originator)."
        : "";
    }
  }

  function initMap(el) {
    if (el.getAttribute("data-map-ready")) return;
    el.setAttribute("data-map-ready", "1");
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", el.getAttribute("data-label") || "Map");

    var dataUrl = sameOriginUrl(el.getAttribute("data-geojson"));
    if (!window.L || !dataUrl) {
      showMessage(el, FAILURE_TEXT);
      return;
    }
    el.textContent = "";
    el.setAttribute("aria-busy", "true");

    var map;
    try {
      map = L.map(el, {
        keyboard: true,
        zoomControl: true,
        attributionControl: true,
        minZoom: 0,
        maxZoom: 12,
        zoomSnap: 0.5,
        worldCopyJump: false
      });
    } catch (e) {
      showMessage(el, FAILURE_TEXT);
      return;
    }
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Leaflet | Boundaries: Natural Earth");
    /* Escape inside an open popup closes it (Leaflet only listens while the
       map itself has focus); the marker then gets focus back. */
    el.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && e.target && e.target.closest && e.target.closest(".leaflet-popup")) {
        map.closePopup();
      }
    });
    map.createPane("outlines");
    map.getPane("outlines").style.zIndex = "250";
    map.getPane("outlines").style.pointerEvents = "none";
    map.setView([25, 10], 1.5, { animate: false });

    var alive = true;
    var outlinesUrl = sameOriginUrl(el.getAttribute("data-outlines"));
    if (outlinesUrl && window.topojson) {
      fetchJSON(outlinesUrl)
        .then(function (topology) {
          if (alive) drawOutlines(map, topology);
        })
        .catch(function (err) {
          /* Outlines are decoration: the data still shows without them. */
          if (window.console) console.warn("map outlines:", err);
        });
    }

    fetchJSON(dataUrl)
      .then(function (collection) {
        drawData(el, map, collection);
        el.dispatchEvent(new CustomEvent("proxenia:map-ready", { bubbles: true, detail: { map: map } }));
      })
      .catch(function (err) {
        if (window.console) console.warn("map data:", err);
        alive = false;
        try {
          map.remove();
        } catch (e) { /* already gone */ }
        el.textContent = "";
        el.removeAttribute("tabindex");
        showMessage(el, FAILURE_TEXT);
        el.setAttribute("data-map-error", "1");
      });
  }

  function initAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var els = scope.querySelectorAll("div.map[data-geojson]");
    for (var i = 0; i < els.length; i++) initMap(els[i]);
    if (scope.matches && scope.matches("div.map[data-geojson]")) initMap(scope);
  }

  window.ProxeniaMap = { init: initAll, tieColour: tieColour };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  } else {
    initAll(document);
  }
  /* Content swapped in by htmx. */
  document.addEventListener("htmx:load", function (e) {
    if (e.target) initAll(e.target);
  });
})();
