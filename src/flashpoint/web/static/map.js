// The incident map: an SVG of our own (no Vega), so it zooms, pans and
// clusters. <div class="geomap" data-map="ID"> takes its data from
// <script type="application/json" id="ID"> (flashpoint.web.specs.map_data):
// the points in Web Mercator world units (x, y from 0 to 1), the clusters of
// each zoom level (computed by the server: runs of consecutive points) and
// the box the first view fits. Country outlines come from the app
// (/static/countries-110m.json, TopoJSON), decoded here.
//
// Controls: the +, - and fit buttons; the wheel zooms at the pointer; a drag
// pans; two fingers pinch and pan; the keyboard (+, -, 0, arrows) when the
// map has focus. A circle with a number is a cluster: clicking it zooms in
// until it splits (or, when its incidents share one spot, lists them). Hover
// (or a tap on a phone) shows a tooltip; a click (or a second tap) opens the
// incident. Every text from an article is set as text (textContent), never
// as HTML.
//
// el.flashMap exposes the view for tests and the console:
// el.flashMap.view() -> {k, tx, ty, zoom, level}; el.flashMap.centreOn(x, y, k).
"use strict";

(function () {
  var SVGNS = "http://www.w3.org/2000/svg";
  var MERCATOR_LAT = 85.0511;
  var LAND_UNITS = 1000; // country paths are drawn on a 1000-unit world, scaled by the view
  var DRAG_PX = 5; // a pointer that moves less than this is a click, not a drag
  var TIP_LIST = 6; // incidents listed in a cluster's tooltip on hover
  var PINNED_LIST = 60; // and in one kept open (a cluster that cannot split), scrolling

  function worldXY(lon, lat) {
    lat = Math.max(-MERCATOR_LAT, Math.min(MERCATOR_LAT, lat));
    var phi = lat * Math.PI / 180;
    return [(lon + 180) / 360,
            (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2];
  }

  // -- country outlines (TopoJSON) ------------------------------------------------

  function decodeArcs(topo) {
    var t = topo.transform;
    return topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (d) {
        x += d[0]; y += d[1];
        return t ? [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] : [x, y];
      });
    });
  }

  function ringOf(arcs, indexes) {
    var ring = [];
    indexes.forEach(function (i) {
      var arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      ring = ring.concat(ring.length ? arc.slice(1) : arc);
    });
    // A ring that crosses 180° and comes back (Chukotka, Fiji) is drawn east
    // of 180° in one piece; a ring crossing once goes round a pole
    // (Antarctica) and is drawn as it is, closed along the map's edge.
    var jumps = 0;
    for (var k = 1; k < ring.length; k++) {
      if (Math.abs(ring[k][0] - ring[k - 1][0]) > 180) jumps++;
    }
    if (jumps >= 2) {
      ring = ring.map(function (p) { return p[0] < 0 ? [p[0] + 360, p[1]] : p; });
    }
    return ring;
  }

  function landPaths(topo) {
    var arcs = decodeArcs(topo);
    var object = topo.objects.countries || topo.objects[Object.keys(topo.objects)[0]];
    return object.geometries.map(function (g) {
      var polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      var d = "";
      polygons.forEach(function (polygon) {
        polygon.forEach(function (indexes) {
          ringOf(arcs, indexes).forEach(function (p, k) {
            var xy = worldXY(p[0], p[1]);
            d += (k ? "L" : "M") + (xy[0] * LAND_UNITS).toFixed(2) + "," +
                 (xy[1] * LAND_UNITS).toFixed(2);
          });
          d += "Z";
        });
      });
      return { name: (g.properties && g.properties.name) || "", d: d };
    });
  }

  // -- clusters -----------------------------------------------------------------------

  function clustersAt(data, level) {
    var starts = data.levels[level] || [0];
    var points = data.points;
    var out = [];
    for (var i = 0; i < starts.length; i++) {
      var from = starts[i], to = i + 1 < starts.length ? starts[i + 1] : points.length;
      if (from >= to) continue;
      var x = 0, y = 0, killed = 0, quads = {};
      for (var j = from; j < to; j++) {
        var p = points[j];
        x += p.x; y += p.y; killed += p.killed || 0;
        quads[p.quad] = (quads[p.quad] || 0) + 1;
      }
      var quad = Object.keys(quads).sort(function (a, b) { return quads[b] - quads[a]; })[0];
      out.push({ from: from, to: to, n: to - from, x: x / (to - from), y: y / (to - from),
                 killed: killed, quad: quad });
    }
    return out;
  }

  // The first zoom level at which the run from..to is more than one cluster
  // (-1 when it never splits: its incidents share one spot).
  function splitLevel(data, from, to, after) {
    for (var z = after + 1; z < data.levels.length; z++) {
      var starts = data.levels[z];
      for (var i = 0; i < starts.length; i++) {
        if (starts[i] > from && starts[i] < to) return z;
      }
    }
    return -1;
  }

  // -- the map ------------------------------------------------------------------------

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(name, text, parent, cls) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }

  function createMap(box, data) {
    var svg = el("svg", { "class": "geomap-svg" });
    box.insertBefore(svg, box.firstChild);
    var sea = el("rect", { "class": "sea", x: 0, y: 0, width: "100%", height: "100%" }, svg);
    var land = el("g", { "class": "land" }, svg);
    var marks = el("g", { "class": "marks" }, svg);
    var tip = box.querySelector(".map-tip") || html("div", null, box, "map-tip");
    tip.hidden = true;
    var view = { k: 1, tx: 0, ty: 0 };
    var drawn = { k: null, tx: 0, ty: 0, level: -1 }; // the view the marks were built for
    var pinned = null; // the marker whose tooltip stays open
    var frame = 0;
    var touched = false; // the last pointer down was a finger (taps show tooltips first)

    function size() {
      var r = svg.getBoundingClientRect();
      return { w: r.width || 300, h: r.height || 200 };
    }
    function zoomOf(k) { return Math.log(k / data.tile) / Math.LN2; }
    function levelOf(k) {
      var z = Math.round(zoomOf(k));
      return Math.max(0, Math.min(data.levels.length - 1, z));
    }
    function limits() {
      var s = size();
      return { min: Math.max(32, 0.8 * Math.min(s.w, s.h)),
               max: data.tile * Math.pow(2, data.max_zoom + 1) };
    }
    function clampView() {
      var l = limits(), s = size();
      view.k = Math.max(l.min, Math.min(l.max, view.k));
      // the view's centre stays on the world
      var cx = Math.max(0, Math.min(1, (s.w / 2 - view.tx) / view.k));
      var cy = Math.max(0, Math.min(1, (s.h / 2 - view.ty) / view.k));
      view.tx = s.w / 2 - cx * view.k;
      view.ty = s.h / 2 - cy * view.k;
    }

    function fit() {
      var b = data.box, s = size();
      var nw = worldXY(b[0], b[3]), se = worldXY(b[2], b[1]);
      var k = Math.min(s.w / Math.max(1e-9, se[0] - nw[0]), s.h / Math.max(1e-9, se[1] - nw[1]));
      view.k = k;
      view.tx = s.w / 2 - k * (nw[0] + se[0]) / 2;
      view.ty = s.h / 2 - k * (nw[1] + se[1]) / 2;
      clampView();
      schedule();
    }

    function zoomAt(factor, px, py) {
      var l = limits();
      var k = Math.max(l.min, Math.min(l.max, view.k * factor));
      var f = k / view.k;
      view.k = k;
      view.tx = px - (px - view.tx) * f;
      view.ty = py - (py - view.ty) * f;
      clampView();
      schedule();
    }

    function panBy(dx, dy) {
      view.tx += dx; view.ty += dy;
      clampView();
      schedule();
    }

    function centreOn(x, y, k) {
      var s = size();
      view.k = k;
      view.tx = s.w / 2 - x * k;
      view.ty = s.h / 2 - y * k;
      clampView();
      schedule();
    }

    function schedule() {
      if (frame) return;
      frame = window.requestAnimationFrame(function () { frame = 0; render(); });
    }

    function render() {
      land.setAttribute("transform", "translate(" + view.tx + "," + view.ty + ") scale(" +
                        view.k / LAND_UNITS + ")");
      var level = levelOf(view.k);
      if (drawn.k === view.k && drawn.level === level) {
        // a pan only: move the marks built for this zoom
        marks.setAttribute("transform", "translate(" + (view.tx - drawn.tx) + "," +
                           (view.ty - drawn.ty) + ")");
      } else {
        buildMarks(level);
      }
      box.dataset.zoom = zoomOf(view.k).toFixed(2);
      box.dataset.level = String(level);
      if (pinned && !pinned.isConnected) hideTip(true);
      if (pinned) placeTip(pinned);
    }

    function radius(c) {
      if (c.n > 1) return Math.min(20, 10 + 2.5 * Math.log(c.n) / Math.LN2);
      return Math.min(16, 5 + 1.6 * Math.sqrt(c.killed || 0));
    }

    function buildMarks(level) {
      while (marks.firstChild) marks.removeChild(marks.firstChild);
      marks.removeAttribute("transform");
      drawn = { k: view.k, tx: view.tx, ty: view.ty, level: level };
      var list = clustersAt(data, level);
      // big clusters below, so small ones stay clickable
      list.sort(function (a, b) { return b.n - a.n || radius(b) - radius(a); });
      list.forEach(function (c) {
        var cx = c.x * view.k + view.tx, cy = c.y * view.k + view.ty;
        var colour = data.colours[c.quad] || "#888888";
        var node;
        if (c.n === 1) {
          node = el("a", { "class": "mark incident", href: data.points[c.from].href }, marks);
        } else {
          node = el("g", { "class": "mark cluster", tabindex: "0", role: "button" }, marks);
        }
        node.setAttribute("data-count", String(c.n));
        node.setAttribute("aria-label", label(c));
        el("circle", { cx: cx.toFixed(1), cy: cy.toFixed(1), r: radius(c).toFixed(1),
                       fill: colour }, node);
        if (c.n > 1) {
          var t = el("text", { x: cx.toFixed(1), y: cy.toFixed(1), dy: "0.35em" }, node);
          t.textContent = String(c.n);
        }
        node.cluster = c;
      });
    }

    function label(c) {
      if (c.n > 1) return c.n + " incidents";
      var p = data.points[c.from];
      return [p.date, p.type, p.place || p.country].filter(Boolean).join(", ");
    }

    // -- tooltip ----------------------------------------------------------------------

    function line(parent, label, value) {
      if (value === undefined || value === null || value === "") return;
      var row = html("div", null, parent, "tip-row");
      html("span", label + " ", row, "tip-label");
      html("span", value, row);
    }

    function fillTip(c, pin) {
      while (tip.firstChild) tip.removeChild(tip.firstChild);
      var pts = data.points.slice(c.from, c.to);
      if (c.n === 1) {
        var p = pts[0];
        html("strong", p.place || p.country || "(place not named)", tip, "tip-title");
        if (p.place && p.country) html("span", " " + p.country, tip, "muted");
        line(tip, "date", p.date || "undated");
        line(tip, "type", p.type);
        line(tip, "who → whom", p.actors);
        line(tip, "killed", String(p.killed || 0));
        line(tip, "articles", String(p.sources || 0));
        var a = html("a", "Open the incident →", tip, "tip-link");
        a.setAttribute("href", p.href);
        return;
      }
      html("strong", c.n + " incidents", tip, "tip-title");
      var places = {};
      pts.forEach(function (p) {
        var name = p.place || p.country || "?";
        places[name] = (places[name] || 0) + 1;
      });
      var names = Object.keys(places).sort(function (a, b) { return places[b] - places[a]; });
      line(tip, "places", names.slice(0, 4).map(function (n) { return n + " (" + places[n] + ")"; })
        .join(", ") + (names.length > 4 ? ", +" + (names.length - 4) + " more" : ""));
      var dates = pts.map(function (p) { return p.date; }).filter(Boolean).sort();
      if (dates.length) {
        line(tip, "dates", dates[0] === dates[dates.length - 1] ? dates[0]
          : dates[0] + " to " + dates[dates.length - 1]);
      }
      var dyads = {};
      pts.forEach(function (p) { dyads[p.actors] = (dyads[p.actors] || 0) + 1; });
      line(tip, "who → whom", Object.keys(dyads).sort(function (a, b) { return dyads[b] - dyads[a]; })
        .slice(0, 3).join(", "));
      line(tip, "killed", String(c.killed));
      var most = pin ? PINNED_LIST : TIP_LIST;
      var list = html("ul", null, tip, "tip-list");
      pts.slice().sort(function (a, b) { return (b.date || "").localeCompare(a.date || ""); })
        .slice(0, most).forEach(function (p) {
          var item = html("li", null, list);
          var a = html("a", [p.date || "undated", p.type, p.place || p.country]
            .filter(Boolean).join(" · "), item);
          a.setAttribute("href", p.href);
        });
      if (c.n > most) html("div", "and " + (c.n - most) + " more", tip, "muted");
      html("div", splitLevel(data, c.from, c.to, levelOf(view.k)) >= 0
        ? "Click to zoom in" : "Too close together to split", tip, "muted");
    }

    function placeTip(node) {
      var circle = node.querySelector("circle");
      if (!circle) return;
      var r = circle.getBoundingClientRect(), outer = box.getBoundingClientRect();
      var x = r.left + r.width / 2 - outer.left, y = r.top - outer.top;
      var w = tip.offsetWidth, h = tip.offsetHeight;
      var left = Math.max(4, Math.min(outer.width - w - 4, x - w / 2));
      var top = y - h - 8 >= 0 ? y - h - 8 : Math.min(outer.height - h - 4, r.bottom - outer.top + 8);
      tip.style.left = left + "px";
      tip.style.top = Math.max(4, top) + "px";
    }

    var hideTimer = 0;
    function showTip(node, pin) {
      window.clearTimeout(hideTimer);
      fillTip(node.cluster, pin);
      tip.hidden = false;
      tip.classList.toggle("pinned", !!pin);
      pinned = pin ? node : null;
      placeTip(node);
    }
    function hideTip(force) {
      if (pinned && !force) return;
      pinned = null;
      tip.hidden = true;
    }

    // -- events -----------------------------------------------------------------------

    function markOf(target) {
      return target && target.closest ? target.closest(".mark") : null;
    }

    marks.addEventListener("pointerover", function (e) {
      var node = markOf(e.target);
      if (node && e.pointerType === "mouse" && !pinned) showTip(node, false);
    });
    marks.addEventListener("pointerout", function (e) {
      var node = markOf(e.target);
      if (!node || e.pointerType !== "mouse" || node.contains(e.relatedTarget)) return;
      hideTimer = window.setTimeout(function () { hideTip(false); }, 250);
    });
    marks.addEventListener("focusin", function (e) {  // the keyboard: Tab from circle to circle
      var node = markOf(e.target);
      if (node && !pinned) showTip(node, false);
    });
    marks.addEventListener("focusout", function () { hideTip(false); });
    tip.addEventListener("pointerenter", function () { window.clearTimeout(hideTimer); });
    tip.addEventListener("pointerleave", function (e) {
      if (e.pointerType === "mouse") hideTip(false);
    });

    function activate(node, e) {
      var c = node.cluster;
      if (c.n === 1) {
        if (touched && pinned !== node) {
          // a tap shows the tooltip first; its link (or a second tap) opens the incident
          e.preventDefault();
          showTip(node, true);
        }
        return; // a click follows the link
      }
      e.preventDefault();
      var level = levelOf(view.k);
      var z = splitLevel(data, c.from, c.to, level);
      if (z < 0) {
        showTip(node, true);
        return;
      }
      hideTip(true);
      centreOn(c.x, c.y, data.tile * Math.pow(2, z));
    }

    // -- pointer: drag to pan, two fingers to pinch ------------------------------------

    var pointers = {}; // id -> {x, y}
    var gesture = null; // {x, y, moved, captured}
    var pinch = null; // {d, mx, my}
    var swallowClick = false;

    function local(e) {
      var r = svg.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    }
    function pair() {
      var ids = Object.keys(pointers);
      var a = pointers[ids[0]], b = pointers[ids[1]];
      return { d: Math.hypot(a.x - b.x, a.y - b.y) || 1, mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2 };
    }

    svg.addEventListener("pointerdown", function (e) {
      if (e.pointerType === "mouse" && e.button !== 0) return;
      touched = e.pointerType === "touch";
      pointers[e.pointerId] = local(e);
      var count = Object.keys(pointers).length;
      if (count === 1) {
        gesture = { x: pointers[e.pointerId].x, y: pointers[e.pointerId].y, moved: false };
        swallowClick = false;
      } else if (count === 2) {
        pinch = pair();
        if (gesture) gesture.moved = true;
        svg.setPointerCapture(e.pointerId);
      }
    });

    svg.addEventListener("pointermove", function (e) {
      if (!(e.pointerId in pointers)) return;
      var last = pointers[e.pointerId];
      var now = local(e);
      pointers[e.pointerId] = now;
      if (pinch && Object.keys(pointers).length >= 2) {
        var next = pair();
        zoomAt(next.d / pinch.d, next.mx, next.my);
        panBy(next.mx - pinch.mx, next.my - pinch.my);
        pinch = next;
        return;
      }
      if (!gesture) return;
      if (!gesture.moved && Math.hypot(now.x - gesture.x, now.y - gesture.y) < DRAG_PX) return;
      if (!gesture.moved) {
        // capture only once it is a drag: a click keeps its target (the marker)
        gesture.moved = true;
        svg.setPointerCapture(e.pointerId);
        svg.classList.add("dragging");
        hideTip(true);
        panBy(now.x - gesture.x, now.y - gesture.y);
        return;
      }
      panBy(now.x - last.x, now.y - last.y);
    });

    function release(e) {
      if (!(e.pointerId in pointers)) return;
      delete pointers[e.pointerId];
      if (gesture && gesture.moved) swallowClick = true;
      if (Object.keys(pointers).length < 2) pinch = null;
      if (Object.keys(pointers).length === 0) {
        gesture = null;
        svg.classList.remove("dragging");
      }
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);

    svg.addEventListener("click", function (e) {
      if (swallowClick) {
        swallowClick = false;
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      var node = markOf(e.target);
      if (node) activate(node, e);
      else hideTip(true);
    }, true);

    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = local(e);
      var unit = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 800 : 1;
      zoomAt(Math.pow(2, -e.deltaY * unit / 500), p.x, p.y);
    }, { passive: false });

    // -- buttons and keys -------------------------------------------------------------

    function centre() { var s = size(); return [s.w / 2, s.h / 2]; }
    function onButton(cls, action) {
      var button = box.querySelector(cls);
      if (button) button.addEventListener("click", function (e) { e.preventDefault(); action(); });
    }
    onButton(".map-zoom-in", function () { var c = centre(); zoomAt(2, c[0], c[1]); });
    onButton(".map-zoom-out", function () { var c = centre(); zoomAt(0.5, c[0], c[1]); });
    onButton(".map-fit", function () { hideTip(true); fit(); });

    box.addEventListener("keydown", function (e) {
      var c = centre();
      var steps = { ArrowLeft: [80, 0], ArrowRight: [-80, 0], ArrowUp: [0, 80], ArrowDown: [0, -80] };
      if (e.key === "Enter" || e.key === " ") {
        var node = markOf(e.target);
        if (node && node.cluster && node.cluster.n > 1) activate(node, e);
        return;
      }
      if (e.target.closest && e.target.closest("a, button")) return;
      if (e.key === "+" || e.key === "=") zoomAt(2, c[0], c[1]);
      else if (e.key === "-" || e.key === "_") zoomAt(0.5, c[0], c[1]);
      else if (e.key === "0") fit();
      else if (e.key === "Escape") hideTip(true);
      else if (steps[e.key]) panBy(steps[e.key][0], steps[e.key][1]);
      else return;
      e.preventDefault();
    });

    var last = size();
    if (window.ResizeObserver) {
      new window.ResizeObserver(function () {
        var s = size();
        if (s.w === last.w && s.h === last.h) return;
        // keep the same place in the middle
        view.tx += (s.w - last.w) / 2;
        view.ty += (s.h - last.h) / 2;
        last = s;
        clampView();
        schedule();
      }).observe(svg);
    }

    fit();
    render();
    return {
      svg: svg, land: land, sea: sea,
      view: function () {
        return { k: view.k, tx: view.tx, ty: view.ty, zoom: zoomOf(view.k), level: levelOf(view.k) };
      },
      fit: fit, zoomAt: zoomAt, panBy: panBy, centreOn: centreOn, render: render,
    };
  }

  function drawLand(map, url, done) {
    window.fetch(url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (topo) {
        landPaths(topo).forEach(function (c) {
          var path = el("path", { "class": "country", d: c.d }, map.land);
          el("title", {}, path).textContent = c.name;
        });
        done("1");
      })
      .catch(function () { done("no-land"); });
  }

  function start() {
    document.querySelectorAll("div.geomap[data-map]").forEach(function (box) {
      var source = document.getElementById(box.dataset.map);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var map = createMap(box, data);
      box.flashMap = map;
      drawLand(map, data.countries, function (state) {
        map.render();
        box.dataset.rendered = state;
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
