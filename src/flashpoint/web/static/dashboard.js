// Draws every chart of the page: an element <div class="chart" data-spec="ID">
// takes its Vega-Lite spec from <script type="application/json" id="ID">.
// No inline script runs on these pages (Content-Security-Policy).
// Each drawn element keeps its Vega view as el.vegaView (for tests and the
// browser console: el.vegaView.scale("x").domain()).
"use strict";

function drawCharts() {
  document.querySelectorAll("div.chart[data-spec]").forEach(function (el) {
    var source = document.getElementById(el.dataset.spec);
    if (!source || typeof window.vegaEmbed !== "function") {
      el.textContent = "(chart unavailable)";
      return;
    }
    var spec = JSON.parse(source.textContent);
    window.vegaEmbed(el, spec, { actions: false, renderer: "svg" })
      .then(function (result) {
        el.vegaView = result.view;
        el.dataset.rendered = "1";
        if (el.dataset.brush) offerPeriod(el, result.view);
      })
      .catch(function (err) {
        el.dataset.rendered = "error";
        el.textContent = "chart error: " + err;
      });
  });
}

// A chart with data-brush="NAME" (the overview's escalation chart): dragging
// across its days fills the link #brush-period with that period as the page's
// since/until, keeping the page's other parameters.
function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function offerPeriod(el, view) {
  var link = document.getElementById("brush-period");
  if (!link) return;
  view.addSignalListener(el.dataset.brush, function (name, value) {
    var range = value && (value.date || value[Object.keys(value)[0]]);
    if (!range || range.length !== 2) {
      link.hidden = true;
      return;
    }
    var params = new URLSearchParams(window.location.search);
    params.set("since", isoDay(Math.min(range[0], range[1])));
    params.set("until", isoDay(Math.max(range[0], range[1])));
    link.href = "?" + params.toString();
    link.textContent = "Show " + params.get("since") + " to " + params.get("until");
    link.hidden = false;
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawCharts);
} else {
  drawCharts();
}
