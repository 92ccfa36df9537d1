/*
 * Proxenia — network graphs of actors and ties (progressive enhancement).
 *
 * Plain ES2019, no build step, no requests to other hosts. Needs
 *   vendor/cytoscape@3.34.4/cytoscape.min.js
 *
 * Markup contract (the server renders a table view beside it as the
 * accessible alternative):
 *
 *   <div class="graph"
 *        data-elements="/…/graph.json"   required, same origin
 *        data-layout="tree"              optional: breadthfirst from the roots;
 *                                        anything else / absent: cose
 *        data-label="Network of Lyon"></div>
 *
 * The JSON is
 *   {"nodes": [{"id","label","kind","url","root": bool}],
 *    "edges": [{"id","source","target","type","type_label","status",
 *               "start_date", ["directed": bool]}]}
 *
 * Ties are coloured by type, dashed or dotted by status, and wider the older
 * they are (from start_date); the legend says so in words.
 *
 * Mouse: tap a node to open its page; hover an edge for its label.
 * Keyboard: focus the graph (Tab), arrow keys move between nodes,
 * Enter opens the selected node's page, Escape clears the selection.
 */
(function () {
  "use strict";

  /* Keep in sync with map.js. */
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
  var FALLBACK_COLOURS = ["#5694ca", "#85994b", "#f47738", "#a285d1", "#b58840", "#505a5f", "#d53880", "#28a197"];

  /* Node shape carries the kind (colour only supports it). */
  var KINDS = {
    city: { shape: "ellipse", colour: "#5694ca", label: "City" },
    region: { shape: "round-rectangle", colour: "#85994b", label: "Region / state" },
    country: { shape: "rectangle", colour: "#b58840", label: "Country" },
    network: { shape: "hexagon", colour: "#a285d1", label: "City network" },
    mission: { shape: "diamond", colour: "#f47738", label: "Diplomatic mission" },
    organisation: { shape: "triangle", colour: "#28a197", label: "Organisation" },
    multilateral: { shape: "star", colour: "#d53880", label: "Multilateral body" },
    agreement: { shape: "pentagon", colour: "#ffdd00", label: "Agreement" },
    other: { shape: "ellipse", colour: "#b1b4b6", label: "Other" }
  };

  var STATUS = {
    dormant: { lineStyle: "dashed", svgDash: "8 6", cap: "butt", label: "Dormant (dashed)" },
    ended: { lineStyle: "dotted", svgDash: "1 6", cap: "round", label: "Ended (dotted)" }
  };

  /* Line width carries the age of a tie (the table view beside the graph has the dates). */
  var AGES = {
    recent: { width: 2, label: "Less than 5 years (thin)" },
    established: { width: 3.5, label: "5 to 24 years" },
    old: { width: 5, label: "25 years or more (thick)" }
  };

  function ageOf(startDate, thisYear) {
    var year = parseInt(String(startDate || "").slice(0, 4), 10);
    if (!year || year > thisYear) return "";
    var years = thisYear - year;
    return years < 5 ? "recent" : years < 25 ? "established" : "old";
  }

  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';
  var FAILURE_TEXT = "The network graph could not be loaded. The same information is in the table view.";

  function hashString(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return Math.abs(h);
  }

  function tieColour(type) {
    if (!type) return "#505a5f";
    if (Object.prototype.hasOwnProperty.call(TIE_COLOURS, type)) return TIE_COLOURS[type];
    return FALLBACK_COLOURS[hashString(String(type)) % FALLBACK_COLOURS.length];
  }

  function kindInfo(kind) {
    return Object.prototype.hasOwnProperty.call(KINDS, kind) ? KINDS[kind] : KINDS.other;
  }

  function humanise(text) {
    if (!text) return "";
    var s = String(text).replace(/_/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function sameOriginUrl(value) {
    if (!value) return null;
    try {
      var u = new URL(value, document.baseURI);
      return u.origin === window.location.origin ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function safeHref(value) {
    if (!value) return null;
    try {
      var u = new URL(value, document.baseURI);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
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

  /* ------------------------------------------------------------- legend */
  var SHAPE_SVG = {
    ellipse: '<circle cx="18" cy="8" r="6.5"/>',
    "round-rectangle": '<rect x="11" y="1.5" width="14" height="13" rx="3.5"/>',
    rectangle: '<rect x="11" y="1.5" width="14" height="13"/>',
    hexagon: '<polygon points="11.5,8 14.8,2 21.2,2 24.5,8 21.2,14 14.8,14"/>',
    diamond: '<polygon points="18,1 25,8 18,15 11,8"/>',
    triangle: '<polygon points="18,1.5 25,14.5 11,14.5"/>',
    star: '<polygon points="18,0.8 20,6 25.4,6.2 21.2,9.6 22.6,15 18,11.9 13.4,15 14.8,9.6 10.6,6.2 16,6"/>',
    pentagon: '<polygon points="18,1 25,6.2 22.3,14.5 13.7,14.5 11,6.2"/>'
  };

  function svgWrap(inner) {
    return '<svg viewBox="0 0 36 16" aria-hidden="true" focusable="false">' + inner + "</svg>";
  }

  function shapeSvg(info) {
    return svgWrap(
      '<g fill="' + info.colour + '" stroke="#0b0c0c" stroke-width="1.2">' + (SHAPE_SVG[info.shape] || SHAPE_SVG.ellipse) + "</g>"
    );
  }

  function lineSvg(colour, dash, cap) {
    return svgWrap(
      '<line x1="3" y1="8" x2="33" y2="8" stroke="' + colour + '" stroke-width="3"' +
        (dash ? ' stroke-dasharray="' + dash + '"' : "") +
        ' stroke-linecap="' + (cap || "round") + '"/>'
    );
  }

  function legendItem(ul, svg, text) {
    var li = document.createElement("li");
    var sw = document.createElement("span");
    sw.className = "legend-swatch";
    sw.innerHTML = svg; /* our own constants only */
    var label = document.createElement("span");
    label.textContent = text;
    li.appendChild(sw);
    li.appendChild(label);
    ul.appendChild(li);
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

  function buildLegend(summary, rootLabel) {
    var div = document.createElement("div");
    div.className = "graph-legend";
    if (summary.kinds.length) {
      legendSection(div, "Actors (shape)", function (ul) {
        summary.kinds.forEach(function (k) {
          var info = kindInfo(k);
          legendItem(ul, shapeSvg(info), info === KINDS.other ? humanise(k) || info.label : info.label);
        });
        if (summary.roots) legendItem(ul, svgWrap('<circle cx="18" cy="8" r="6" fill="#ffffff" stroke="#0b0c0c" stroke-width="3"/>'), (rootLabel || "Starting point") + " (thick border)");
      });
    }
    if (summary.types.length) {
      legendSection(div, "Ties (colour)", function (ul) {
        summary.types.forEach(function (t) {
          legendItem(ul, lineSvg(tieColour(t.type)), t.label);
        });
      });
    }
    var ages = ["recent", "established", "old"].filter(function (a) { return summary.ages[a]; });
    /* (an age legend only where some tie is dated; "" counts the undated ones) */
    if (ages.length) {
      legendSection(div, "Age (line width)", function (ul) {
        ages.forEach(function (a) {
          legendItem(ul, svgWrap('<line x1="3" y1="8" x2="33" y2="8" stroke="#0b0c0c" stroke-width="' +
            AGES[a].width + '" stroke-linecap="round"/>'), AGES[a].label);
        });
        if (summary.ages[""]) legendItem(ul, lineSvg("#0b0c0c"), "Date not recorded");
      });
    }
    if (summary.statuses.dormant || summary.statuses.ended) {
      legendSection(div, "Status (line style)", function (ul) {
        legendItem(ul, lineSvg("#0b0c0c"), "Active (solid)");
        ["dormant", "ended"].forEach(function (s) {
          if (summary.statuses[s]) legendItem(ul, lineSvg("#0b0c0c", STATUS[s].svgDash, STATUS[s].cap), STATUS[s].label);
        });
      });
    }
    return div;
  }

  /* ---------------------------------------------------------- elements */
  function toElements(data) {
    var nodes = (data && data.nodes) || [];
    var edges = (data && data.edges) || [];
    var ids = {};
    var out = [];
    var summary = { kinds: [], types: [], statuses: {}, ages: {}, roots: false, nodes: 0, edges: 0 };
    var thisYear = new Date().getFullYear();
    var kinds = {};
    var types = {};

    nodes.forEach(function (n) {
      if (!n || n.id === undefined || n.id === null || ids[n.id]) return;
      var id = String(n.id);
      ids[id] = true;
      var info = kindInfo(n.kind);
      var label = n.label || id;
      var kindLabel = info === KINDS.other ? humanise(n.kind) || info.label : info.label;
      out.push({
        group: "nodes",
        data: {
          id: id,
          label: label,
          kind: n.kind || "other",
          kindLabel: kindLabel,
          url: safeHref(n.url) || "",
          root: n.root === true,
          shape: info.shape,
          colour: info.colour
        }
      });
      kinds[n.kind || "other"] = true;
      if (n.root === true) summary.roots = true;
      summary.nodes += 1;
    });

    edges.forEach(function (e, i) {
      if (!e) return;
      var s = String(e.source);
      var t = String(e.target);
      if (!ids[s] || !ids[t]) return; /* never let a dangling edge break the graph */
      var status = STATUS[e.status];
      var age = ageOf(e.start_date, thisYear);
      var typeLabel = humanise(e.type_label || e.type || "tie");
      var tip = typeLabel + (e.status && e.status !== "active" ? " (" + e.status + ")" : "") +
        (e.start_date ? ", since " + e.start_date : "");
      out.push({
        group: "edges",
        data: {
          id: "e:" + (e.id !== undefined && e.id !== null ? String(e.id) : String(i)),
          source: s,
          target: t,
          type: e.type || "",
          colour: tieColour(e.type),
          lineStyle: status ? status.lineStyle : "solid",
          age: age,
          directed: e.directed === true,
          tip: tip
        }
      });
      if (e.type && !types[e.type]) types[e.type] = typeLabel;
      if (e.status) summary.statuses[e.status] = true;
      summary.ages[age] = true;
      summary.edges += 1;
    });

    summary.kinds = Object.keys(kinds).sort(function (a, b) {
      return kindInfo(a).label.localeCompare(kindInfo(b).label);
    });
    summary.types = Object.keys(types)
      .map(function (t) { return { type: t, label: types[t] }; })
      .sort(function (a, b) { return a.label.localeCompare(b.label); });
    return { elements: out, summary: summary };
  }

  var STYLE = [
    {
      selector: "node",
      style: {
        shape: "data(shape)",
        "background-color": "data(colour)",
        width: 24,
        height: 24,
        "border-width": 1.5,
        "border-color": "#0b0c0c",
        label: "data(label)",
        color: "#0b0c0c",
        "font-family": FONT,
        "font-size": 12,
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-y": 4,
        "text-wrap": "wrap",
        "text-max-width": "88px",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": "1px"
      }
    },
    {
      selector: "node[?root]",
      style: { width: 32, height: 32, "border-width": 4, "font-weight": "bold" }
    },
    {
      selector: "node:selected",
      style: {
        "border-width": 4,
        "border-color": "#0b0c0c",
        "overlay-color": "#ffdd00",
        "overlay-opacity": 0.6,
        "overlay-padding": 6
      }
    },
    {
      selector: "edge",
      style: {
        width: 2.5,
        "line-color": "data(colour)",
        "line-style": "data(lineStyle)",
        "curve-style": "bezier",
        "target-arrow-shape": "none",
        opacity: 0.9
      }
    },
    { selector: 'edge[age = "recent"]', style: { width: AGES.recent.width } },
    { selector: 'edge[age = "established"]', style: { width: AGES.established.width } },
    { selector: 'edge[age = "old"]', style: { width: AGES.old.width } },
    { selector: 'edge[lineStyle = "dashed"]', style: { "line-dash-pattern": [8, 6] } },
    { selector: 'edge[lineStyle = "dotted"]', style: { width: 3.5 } },
    {
      selector: "edge[?directed]",
      style: { "target-arrow-shape": "triangle", "target-arrow-color": "data(colour)", "arrow-scale": 1 }
    },
    {
      selector: "edge.hover",
      style: {
        width: 6,
        label: "data(tip)",
        "font-family": FONT,
        "font-size": 11,
        color: "#0b0c0c",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 1,
        "text-background-padding": "2px"
      }
    },
    { selector: "node.hover", style: { "border-width": 3 } }
  ];

  /* Widest level of a breadth-first walk from the roots (other components
     start where they are first met), so the tree gets room for its labels. */
  function levelStats(cy, roots) {
    var depth = {};
    var counts = [];
    var queue = [];
    function visit(node, d) {
      if (depth[node.id()] !== undefined) return;
      depth[node.id()] = d;
      counts[d] = (counts[d] || 0) + 1;
      queue.push(node);
    }
    function drain() {
      while (queue.length) {
        var n = queue.shift();
        n.neighborhood("node").forEach(function (m) { visit(m, depth[n.id()] + 1); });
      }
    }
    roots.forEach(function (r) { visit(r, 0); });
    drain();
    cy.nodes().forEach(function (n) {
      if (depth[n.id()] === undefined) {
        visit(n, 0);
        drain();
      }
    });
    return { widest: Math.max.apply(null, counts.concat([1])), levels: Math.max(counts.length, 1) };
  }

  function layoutFor(el, cy) {
    if (el.getAttribute("data-layout") === "tree") {
      var roots = cy.nodes("[?root]");
      var stats = levelStats(cy, roots);
      var opts = {
        name: "breadthfirst",
        directed: false,
        spacingFactor: 1,
        padding: 24,
        animate: false,
        avoidOverlap: true,
        boundingBox: {
          x1: 0,
          y1: 0,
          w: Math.max(el.clientWidth - 48, stats.widest * 95),
          h: Math.max(el.clientHeight - 48, stats.levels * 90)
        }
      };
      if (roots.length) opts.roots = roots;
      return opts;
    }
    return {
      name: "cose",
      animate: false,
      padding: 24,
      randomize: true,
      nodeRepulsion: function () { return 9000; },
      idealEdgeLength: function () { return 80; },
      componentSpacing: 60,
      numIter: 1000
    };
  }

  function render(el, data) {
    var built = toElements(data);
    el.textContent = "";
    var cy = window.cytoscape({
      container: el,
      elements: built.elements,
      style: STYLE,
      layout: { name: "preset" },
      minZoom: 0.15,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      selectionType: "single"
    });
    cy.layout(layoutFor(el, cy)).run();
    cy.fit(undefined, 24);
    if (cy.zoom() > 1.6) {
      cy.zoom(1.6);
      cy.center();
    }

    /* Status line (also announced) and legend below the graph. */
    var status = document.createElement("p");
    status.className = "graph-status";
    status.setAttribute("aria-live", "polite");
    status.id = (el.id || "graph-" + Math.random().toString(36).slice(2)) + "-status";
    status.textContent = built.summary.nodes
      ? "Tip: focus the graph, use the arrow keys to move between actors and Enter to open one."
      : "Nothing to show in the graph.";
    var legend = buildLegend(built.summary, el.getAttribute("data-root-label"));
    el.parentNode.insertBefore(legend, el.nextSibling);
    el.parentNode.insertBefore(status, el.nextSibling);
    el.setAttribute("aria-describedby", status.id);

    function go(node) {
      var url = node && node.data("url");
      if (url) window.location.assign(url);
    }

    cy.on("tap", "node", function (evt) {
      go(evt.target);
    });
    cy.on("mouseover", "edge", function (evt) {
      evt.target.addClass("hover");
      el.title = evt.target.data("tip");
    });
    cy.on("mouseout", "edge", function (evt) {
      evt.target.removeClass("hover");
      el.removeAttribute("title");
    });
    cy.on("mouseover", "node", function (evt) {
      var n = evt.target;
      n.addClass("hover");
      el.title = n.data("label") + " (" + n.data("kindLabel") + ")" + (n.data("url") ? " — open" : "");
      el.style.cursor = n.data("url") ? "pointer" : "";
    });
    cy.on("mouseout", "node", function (evt) {
      evt.target.removeClass("hover");
      el.removeAttribute("title");
      el.style.cursor = "";
    });

    /* Keyboard: roots first, then alphabetical. */
    var order = cy.nodes().sort(function (a, b) {
      if (a.data("root") !== b.data("root")) return a.data("root") ? -1 : 1;
      return String(a.data("label")).localeCompare(String(b.data("label")));
    });

    function announce(node) {
      status.textContent = "Selected: " + node.data("label") + " (" + node.data("kindLabel") + "), " +
        node.degree(false) + " tie" + (node.degree(false) === 1 ? "" : "s") +
        (node.data("url") ? ". Press Enter to open." : ".");
    }

    function select(node) {
      cy.nodes().unselect();
      node.select();
      var bb = cy.extent();
      var p = node.position();
      if (p.x < bb.x1 || p.x > bb.x2 || p.y < bb.y1 || p.y > bb.y2) cy.center(node);
    }

    cy.on("select", "node", function (evt) {
      announce(evt.target);
    });

    el.addEventListener("keydown", function (e) {
      if (!order.length) return;
      var selected = cy.nodes(":selected");
      var index = selected.length ? order.indexOf(selected[0]) : -1;
      var next = null;
      switch (e.key) {
        case "ArrowRight":
        case "ArrowDown":
          next = order[(index + 1) % order.length];
          break;
        case "ArrowLeft":
        case "ArrowUp":
          next = order[index <= 0 ? order.length - 1 : index - 1];
          break;
        case "Home":
          next = order[0];
          break;
        case "End":
          next = order[order.length - 1];
          break;
        case "Enter":
          if (selected.length) {
            e.preventDefault();
            go(selected[0]);
          }
          return;
        case "Escape":
          cy.nodes().unselect();
          return;
        case "+":
        case "=":
          cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: el.clientWidth / 2, y: el.clientHeight / 2 } });
          e.preventDefault();
          return;
        case "-":
          cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: el.clientWidth / 2, y: el.clientHeight / 2 } });
          e.preventDefault();
          return;
        default:
          return;
      }
      e.preventDefault();
      if (next) select(next);
    });

    el.removeAttribute("aria-busy");
    el.setAttribute("data-graph-nodes", String(built.summary.nodes));
    el.setAttribute("data-graph-edges", String(built.summary.edges));
    return cy;
  }

  function initGraph(el) {
    if (el.getAttribute("data-graph-ready")) return;
    el.setAttribute("data-graph-ready", "1");
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", el.getAttribute("data-label") || "Network graph");
    el.setAttribute("tabindex", "0");

    var url = sameOriginUrl(el.getAttribute("data-elements"));
    if (!window.cytoscape || !url) {
      el.removeAttribute("tabindex");
      showMessage(el, FAILURE_TEXT);
      return;
    }
    el.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
        return response.json();
      })
      .then(function (data) {
        var cy = render(el, data);
        el.dispatchEvent(new CustomEvent("proxenia:graph-ready", { bubbles: true, detail: { cy: cy } }));
      })
      .catch(function (err) {
        if (window.console) console.warn("graph:", err);
        el.textContent = "";
        el.removeAttribute("tabindex");
        showMessage(el, FAILURE_TEXT);
        el.setAttribute("data-graph-error", "1");
      });
  }

  function initAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var els = scope.querySelectorAll("div.graph[data-elements]");
    for (var i = 0; i < els.length; i++) initGraph(els[i]);
    if (scope.matches && scope.matches("div.graph[data-elements]")) initGraph(scope);
  }

  window.ProxeniaGraph = { init: initAll, tieColour: tieColour };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  } else {
    initAll(document);
  }
  document.addEventListener("htmx:load", function (e) {
    if (e.target) initAll(e.target);
  });
})();
