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
      })
      .catch(function (err) {
        el.dataset.rendered = "error";
        el.textContent = "chart error: " + err;
      });
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawCharts);
} else {
  drawCharts();
}
