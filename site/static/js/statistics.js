// The statistics page's charts (Apache ECharts, served from /static/vendor/echarts). Each figure's data
// is in the #statistics-data JSON; the table under each chart holds the same numbers for those who
// cannot see the chart. Clicking a bar, slice, point or city opens the list behind it.
(function () {
  "use strict";
  var PALETTE = ["#b42318", "#d97706", "#2563eb", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d"];

  function option(figure) {
    var names = figure.rows.map(function (row) { return row.name; });
    var data = figure.rows.map(function (row) { return { name: row.name, value: row.value, url: row.url }; });
    // richText: the tooltip is drawn in the canvas, not as HTML with inline styles (the page's CSP).
    var base = { color: PALETTE, aria: { enabled: true }, tooltip: { renderMode: "richText" }, animation: false };
    if (figure.chart === "pie") {
      base.tooltip.trigger = "item";
      base.series = [{ type: "pie", radius: ["35%", "65%"], data: data, label: { formatter: "{b}\n{c}" } }];
    } else if (figure.chart === "map") {
      var max = Math.max.apply(null, figure.rows.map(function (row) { return row.value; }).concat([1]));
      base.tooltip.trigger = "item";
      base.visualMap = { min: 0, max: max, left: "left", bottom: 0, text: ["", ""], calculable: false,
                         inRange: { color: ["#fde8e6", "#b42318"] } };
      base.series = [{ type: "map", map: figure.key, roam: false, data: data, label: { show: true, fontSize: 10 } }];
    } else if (figure.chart === "matrix") {
      // Which side's projects (rows) are used by which (columns): a heat map, darker = more adoptions.
      var cells = [];
      figure.rows.forEach(function (row, y) {
        row.cells.forEach(function (value, x) { if (value) { cells.push({ value: [x, y, value], url: row.url }); } });
      });
      var most = Math.max.apply(null, cells.map(function (cell) { return cell.value[2]; }).concat([1]));
      base.tooltip.trigger = "item";
      base.grid = { left: 110, right: 20, top: 20, bottom: 90 };
      base.xAxis = { type: "category", data: figure.columns, axisLabel: { interval: 0, rotate: 40, width: 80, overflow: "truncate" } };
      base.yAxis = { type: "category", data: names, inverse: true, axisLabel: { interval: 0, width: 100, overflow: "truncate" } };
      base.visualMap = { min: 0, max: most, show: false, inRange: { color: ["#fde8e6", "#b42318"] } };
      base.series = [{ type: "heatmap", data: cells, label: { show: true } }];
    } else {
      var horizontal = figure.chart === "bar" && names.length > 6;
      var category = { type: "category", data: names, axisLabel: { interval: 0, width: 90, overflow: "truncate" } };
      var value = { type: "value", minInterval: 1 };
      base.tooltip.trigger = "axis";
      base.grid = { left: horizontal ? 110 : 50, right: 20, top: 20, bottom: 40 };
      base.xAxis = horizontal ? value : category;
      base.yAxis = horizontal ? Object.assign({}, category, { inverse: true }) : value;
      base.series = [{ type: figure.chart === "line" ? "line" : "bar", data: data, label: { show: !horizontal && names.length <= 12, position: "top" } }];
    }
    return base;
  }

  function draw(element, figure) {
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option(figure));
    chart.on("click", function (params) {
      if (params.data && params.data.url) { window.location.href = params.data.url; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    var source = document.getElementById("statistics-data");
    if (!source || typeof echarts === "undefined") { return; }
    JSON.parse(source.textContent).forEach(function (figure) {
      var element = document.querySelector('[data-chart="' + figure.key + '"]');
      if (!element) { return; }
      if (figure.chart === "map" && figure.map) {
        fetch(figure.map).then(function (response) { return response.json(); }).then(function (geojson) {
          echarts.registerMap(figure.key, geojson);
          draw(element, figure);
        }).catch(function () { figure.chart = "bar"; draw(element, figure); });
      } else {
        draw(element, figure);
      }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
