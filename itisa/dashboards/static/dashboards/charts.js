/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">
   ({type, labels, datasets, stacked}). The same numbers are always in a table next to the chart. */
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var stacked = !!spec.stacked;
    new Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom", display: spec.datasets.length > 1 } },
        scales: spec.type === "pie" || spec.type === "doughnut" ? {} : {
          x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true }
        }
      }
    });
  }
  function init() { document.querySelectorAll("canvas[data-chart]").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
