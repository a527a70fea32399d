// Draws every chart of the page: an element <div class="chart" data-spec="ID">
// takes its Vega-Lite spec from <script type="application/json" id="ID">.
// No inline script runs on these pages (Content-Security-Policy).
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
      .then(function () { el.dataset.rendered = "1"; })
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
