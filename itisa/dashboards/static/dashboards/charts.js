/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">
   ({type, labels, datasets, stacked}). The same numbers are always in a table next to the chart. */
(function () {
  "use strict";
  // The palette and type of the site (site.css: --chart-1 … --chart-8, --font), not Chart.js's own (ADR 0020).
  var root = getComputedStyle(document.documentElement);
  var palette = [];
  for (var i = 1; i <= 8; i++) { palette.push(root.getPropertyValue("--chart-" + i).trim() || "#5b6770"); }
  function paint(spec) {
    var round = spec.type === "pie" || spec.type === "doughnut";
    spec.datasets.forEach(function (ds, n) {
      if (ds.backgroundColor) { return; }
      if (round) {
        ds.backgroundColor = spec.labels.map(function (_, k) { return palette[k % palette.length]; });
        ds.borderColor = "#fff"; ds.borderWidth = 1;
      } else {
        ds.backgroundColor = palette[n % palette.length];
        ds.borderColor = palette[n % palette.length];
      }
    });
  }
  if (typeof Chart !== "undefined") {
    Chart.defaults.font.family = root.getPropertyValue("--font").trim() || "sans-serif";
    Chart.defaults.font.size = 13;
    Chart.defaults.color = "#1b1f24";
    Chart.defaults.borderColor = "#d9dde3";
  }
  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var stacked = !!spec.stacked;
    // Counts of alliances are whole: no 0.5 or 1.5 on the axis when every figure is a whole number.
    var whole = spec.datasets.every(function (ds) {
      return ds.data.every(function (v) { return v === null || Number.isInteger(Number(v)); });
    });
    var ticks = whole ? { precision: 0 } : {};
    paint(spec);
    new Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom", display: spec.datasets.length > 1 } },
        scales: spec.type === "pie" || spec.type === "doughnut" ? {} : {
          x: { stacked: stacked, ticks: ticks }, y: { stacked: stacked, beginAtZero: true, ticks: ticks }
        }
      }
    });
  }
  function init() { document.querySelectorAll("canvas[data-chart]").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
