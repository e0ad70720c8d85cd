// Draws the cockpit's charts from the JSON in the page (#cockpit-charts); the tables beside
// them hold the same numbers and links, so the page works and prints without this script.
(function () {
  "use strict";

  function seriesFor(spec, narrow) {
    var pie = spec.chart === "pie";
    if (pie) {
      // On a phone the names do not fit beside the ring: the counts go inside it and the
      // table below names them.
      return [{
        type: "pie",
        radius: ["35%", "65%"],
        label: narrow ? { position: "inside", formatter: "{c}", color: "#fff" } : { formatter: "{b} {c}" },
        data: spec.series.map(function (s) {
          var point = s.data[0];
          return { name: s.name, value: point.value, url: point.url, itemStyle: { color: s.colour } };
        }).filter(function (p) { return p.value > 0; })
      }];
    }
    return spec.series.map(function (s) {
      return {
        type: spec.chart === "line" ? "line" : "bar",
        name: s.name,
        stack: spec.chart === "bar" ? "status" : undefined,
        itemStyle: { color: s.colour },
        lineStyle: { color: s.colour },
        data: s.data.map(function (p) { return { value: p.value, url: p.url }; })
      };
    });
  }

  function option(spec, narrow) {
    var horizontal = spec.chart === "bar";
    var base = {
      animation: false,
      tooltip: { trigger: spec.chart === "pie" ? "item" : "axis" },
      series: seriesFor(spec, narrow)
    };
    if (spec.chart === "pie") { return base; }
    var categoryAxis = { type: "category", data: spec.categories, inverse: horizontal,
                         axisLabel: { width: 110, overflow: "truncate" } };
    var valueAxis = { type: "value", minInterval: 1 };
    base.grid = { left: 8, right: 16, top: 8, bottom: 8, containLabel: true };
    base.xAxis = horizontal ? valueAxis : categoryAxis;
    base.yAxis = horizontal ? categoryAxis : valueAxis;
    return base;
  }

  function colourSwatches() {
    document.querySelectorAll(".swatch[data-colour]").forEach(function (el) {
      el.style.backgroundColor = el.dataset.colour;
    });
  }

  function draw() {
    colourSwatches();
    var data = document.getElementById("cockpit-charts");
    if (!data || !window.echarts) { return; }
    var specs = JSON.parse(data.textContent);
    var charts = [];
    specs.forEach(function (spec) {
      var box = document.getElementById("chart-" + spec.key);
      if (!box) { return; }
      if (spec.chart === "bar") {
        box.style.height = Math.max(160, 40 + spec.categories.length * 28) + "px";
      }
      var chart = window.echarts.init(box, null, { renderer: "canvas" });
      chart.setOption(option(spec, box.clientWidth < 480));
      chart.on("click", function (event) {
        var url = event.data && event.data.url;
        if (url) { window.location.href = url; }
      });
      box.dataset.drawn = "true";
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
    window.addEventListener("beforeprint", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
