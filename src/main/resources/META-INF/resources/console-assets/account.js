// Draws the account's CAB and MMR against their thresholds with uPlot (served from its webjar).
(function () {
  "use strict";
  var el = document.getElementById("risk-chart");
  if (!el || !window.uPlot) {
    return;
  }
  var chart = JSON.parse(el.dataset.chart);
  var points = chart.points;
  var num = function (v) { return v === null || v === undefined ? null : Number(v); };
  var xs = points.map(function (p) { return Date.parse(p.asOf) / 1000; });
  var flat = function (v) { return points.map(function () { return num(v); }); };
  var data = [
    xs,
    points.map(function (p) { return num(p.collateralBalance); }),
    flat(chart.topUpLevel),
    flat(chart.terminationLevel),
    points.map(function (p) { return num(p.mmr); }),
    flat(chart.mmrMarginCall),
    flat(chart.mmrLiquidation),
  ];
  var opts = {
    width: Math.min(el.clientWidth || 900, 1200),
    height: 280,
    scales: { x: { time: true }, cab: {}, mmr: {} },
    axes: [
      {},
      { scale: "cab", label: "CAB" },
      { scale: "mmr", label: "MMR", side: 1, grid: { show: false } },
    ],
    series: [
      {},
      { label: "CAB", scale: "cab", stroke: "#0a58a8", width: 2, spanGaps: true },
      { label: "Top-up level", scale: "cab", stroke: "#8a5a00", dash: [6, 4] },
      { label: "Termination level", scale: "cab", stroke: "#a3132a", dash: [6, 4] },
      { label: "MMR", scale: "mmr", stroke: "#2b7a3d", width: 2, spanGaps: true },
      { label: "MMR call", scale: "mmr", stroke: "#8a5a00", dash: [2, 3] },
      { label: "MMR liquidation", scale: "mmr", stroke: "#a3132a", dash: [2, 3] },
    ],
  };
  new uPlot(opts, data, el);
})();
