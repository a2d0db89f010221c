/* Dashboard charts: each <div data-chart="ID"> is drawn with Apache ECharts from the JSON in
   <script type="application/json" id="ID"> (Django's json_script). No inline script or style:
   tooltips are drawn on the canvas (renderMode richText), so no HTML with style attributes. */
(function () {
  "use strict";

  // Red is kept for what is overdue (a series' or slice's "tone"), as the lists show it.
  var PALETTE = ["#1d4ed8", "#0e7490", "#6d28d9", "#be185d", "#4b5563", "#a16207", "#15803d"];
  var TONES = { late: "#b91c1c", warn: "#d97706", done: "#047857", open: "#94a3b8" };

  function toned(tone) {
    return tone && TONES[tone] ? { color: TONES[tone] } : undefined;
  }

  // An amount (a series of `decimals`: 2) reads as the tables write it, 804,206.30 and
  // 213,953.00; a count or a share with what it has.
  function number(value, decimals) {
    if (value === null || value === undefined || value === "") {
      return "—";
    }
    var digits = decimals === undefined ? { maximumFractionDigits: 2 } : {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    };
    return Number(value).toLocaleString("zh-CN", digits);
  }

  function formatter(series) {
    return function (value) {
      return number(value, series.decimals);
    };
  }

  // An axis label in 万 and 亿 once large (3亿 rather than 300,000,000), so that labels do
  // not run together on a narrow chart; the tooltip keeps the full number.
  function compact(value) {
    var size = Math.abs(value);
    if (size >= 1e8) {
      return number(value / 1e8) + "亿";
    }
    if (size >= 1e4) {
      return number(value / 1e4) + "万";
    }
    return number(value);
  }

  // Counts of projects or problems are whole numbers: an axis of small counts would otherwise
  // be ticked 0.2, 0.4… as if half a project could exist.
  function wholeNumbers(spec, index) {
    return spec.series.every(function (s) {
      return (s.axis || 0) !== index || s.values.every(function (v) {
        return v === null || Number.isInteger(Number(v));
      });
    });
  }

  function axisValue(spec, index) {
    var unit = (spec.axes && spec.axes[index]) || "";
    var axis = {
      type: "value",
      name: unit,
      axisLabel: { formatter: compact, hideOverlap: true },
      splitLine: { show: index === 0 },
    };
    if (wholeNumbers(spec, index)) {
      axis.minInterval = 1;
    }
    return axis;
  }

  // Each threshold line of a chart has its label at its own place along the line: the R-4
  // chart's 80% and 30% lines lie some 15 px apart once a pool holds seven times its plan, and
  // their labels, both at the lines' ends, were drawn one on the other. A label stands on
  // white, above the bars it crosses.
  var THRESHOLD_PLACES = ["insideEndTop", "insideMiddleTop", "insideStartTop"];

  // The angle of a chart's category labels that shows every one of them at `width` (each
  // value axis's labels take some 44 px), for a chart that must (a month axis, where ECharts
  // left out every other month on a phone, and 2月 beside 2026年1月 on a desktop): upright when
  // they fit side by side, else turned by 45°, or by 90° where even turned lines of 12 px
  // text would touch.
  function labelAngle(spec, width, axisCount) {
    var room = (width - 32 - 44 * axisCount) / Math.max(spec.categories.length, 1);
    var widest = 0;
    spec.categories.forEach(function (label) {
      widest = Math.max(widest, textWidth(label));
    });
    if (widest + 8 <= room) {
      return 0;
    }
    return room * Math.SQRT1_2 >= 14 ? 45 : 90;
  }

  function cartesian(spec, width) {
    var axisCount = 1;
    spec.series.forEach(function (s) {
      if (s.axis === 1) {
        axisCount = 2;
      }
    });
    var category = { type: "category", data: spec.categories, axisLabel: { interval: 0, hideOverlap: true } };
    if (spec.horizontal) {
      // A bar without its unit's name says nothing: the chart is as tall as its names need.
      category.axisLabel = { interval: 0, hideOverlap: false };
    } else if (spec.every_label) {
      category.axisLabel = { interval: 0, hideOverlap: false, rotate: labelAngle(spec, width, axisCount) };
    }
    var values = [axisValue(spec, 0)];
    if (axisCount === 2) {
      values.push(axisValue(spec, 1));
    }
    var thresholds = 0;
    var series = spec.series.map(function (s) {
      var item = {
        name: s.name,
        type: s.kind || (spec.kind === "line" ? "line" : "bar"),
        data: s.values,
        stack: s.stack || undefined,
        yAxisIndex: spec.horizontal ? undefined : (s.axis || 0),
        xAxisIndex: spec.horizontal ? (s.axis || 0) : undefined,
        barMaxWidth: 28,
        itemStyle: toned(s.tone),
        lineStyle: toned(s.tone),
        tooltip: { valueFormatter: formatter(s) },
      };
      if (s.threshold !== undefined && s.threshold !== null) {
        item.markLine = {
          symbol: "none",
          lineStyle: { type: "dashed" },
          label: {
            formatter: s.threshold_label || String(s.threshold),
            position: THRESHOLD_PLACES[thresholds % THRESHOLD_PLACES.length],
            backgroundColor: "rgba(255, 255, 255, 0.85)",
            padding: [1, 3],
          },
          data: [spec.horizontal ? { xAxis: s.threshold } : { yAxis: s.threshold }],
        };
        thresholds += 1;
      }
      return item;
    });
    return {
      xAxis: spec.horizontal ? values : category,
      yAxis: spec.horizontal ? Object.assign({}, category, { inverse: true }) : values,
      series: series,
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: formatter({}) },
    };
  }

  // Amounts on a slice read as the tables write them: 9,611.85, not 9611.85.
  function sliceLabel(params, decimals) {
    return params.name + "：" + number(params.value, decimals);
  }

  // A pie narrower than this, or of more slices, lists its slices under it, each name with
  // its amount on a line of its own, and draws no labels around it: in a phone's 330 px the
  // labels of fifteen industries had room for 电… and 农、林、牧… only, and even at 650 px
  // some of them were cut short.
  var LIST_BELOW = 560;
  var LIST_SLICES = 8;
  var PIE_HEIGHT = 220;
  var LIST_LINE = 22;
  var LIST_WRAP = 16;
  var BAR_ROW = 22;

  function listsBelow(spec, width) {
    return spec.kind === "pie" && (width < LIST_BELOW || spec.categories.length > LIST_SLICES);
  }

  var FONT = "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif";
  var measuring;

  function textWidth(text) {
    measuring = measuring || document.createElement("canvas").getContext("2d");
    measuring.font = "12px " + FONT;
    return measuring.measureText(text).width;
  }

  // The room of a listed slice's text (beside its 25 px mark): a longer one wraps.
  function listWidth(width) {
    return Math.max(width - 40, 120);
  }

  // A listed slice: its name and amount, the amount on a line of its own if they do not fit
  // on one (rather than broken inside the number).
  function listText(spec, index, width) {
    var decimals = spec.series[0].decimals;
    var params = { name: spec.categories[index], value: spec.series[0].values[index] };
    var text = sliceLabel(params, decimals);
    if (textWidth(text) <= listWidth(width)) {
      return text;
    }
    return params.name + "：\n" + number(params.value, decimals);
  }

  // The height a chart needs at `width`, or "" for the card's own (site.css .chart).
  function height(spec, width) {
    if (spec.horizontal) {
      // Each bar's name on a line of its own (the card's 280 px held ten of the city's 22
      // pools' names, every other one left out).
      var needed = 56 + 48 + BAR_ROW * spec.categories.length;
      return needed > 280 ? needed + "px" : "";
    }
    if (!listsBelow(spec, width)) {
      return "";
    }
    var total = PIE_HEIGHT + 8;
    spec.categories.forEach(function (_name, index) {
      var lines = 0;
      listText(spec, index, width).split("\n").forEach(function (line) {
        lines += Math.max(Math.ceil(textWidth(line) / listWidth(width)), 1);
      });
      total += LIST_LINE + (lines - 1) * LIST_WRAP;
    });
    return total + "px";
  }

  function sliced(spec, width) {
    var data = spec.categories.map(function (name, i) {
      var tones = spec.series[0].tones || [];
      var item = { name: name, value: spec.series[0].values[i], itemStyle: toned(tones[i]) };
      // A slice of nothing has no room: its label would sit on its neighbours'. The legend
      // and the table beside the chart still name it.
      if (Number(item.value) === 0) {
        item.label = { show: false };
        item.labelLine = { show: false };
      }
      return item;
    });
    var decimals = spec.series[0].decimals;
    var sliceText = function (params) {
      return sliceLabel(params, decimals);
    };
    var series = { name: spec.series[0].name, type: spec.kind, data: data };
    var legend;
    if (listsBelow(spec, width)) {
      series.radius = [PIE_HEIGHT * 0.22, PIE_HEIGHT * 0.44];
      series.center = ["50%", PIE_HEIGHT / 2];
      series.label = { show: false, formatter: sliceText };
      series.labelLine = { show: false };
      legend = {
        type: "plain",
        orient: "vertical",
        left: 0,
        top: PIE_HEIGHT,
        itemGap: LIST_LINE - LIST_WRAP,
        textStyle: { width: listWidth(width), overflow: "break", lineHeight: LIST_WRAP },
        formatter: function (name) {
          return listText(spec, spec.categories.indexOf(name), width);
        },
      };
    } else if (spec.kind === "pie") {
      series.radius = ["35%", "65%"];
      series.label = { formatter: sliceText };
    } else {
      series.sort = "none";
      series.gap = 2;
      series.label = { position: "inside", formatter: sliceText };
      series.left = "10%";
      series.width = "80%";
    }
    return {
      series: [series],
      legend: legend,
      tooltip: { trigger: "item", renderMode: "richText", valueFormatter: formatter(spec.series[0]) },
    };
  }

  function option(spec, width) {
    var base = spec.kind === "pie" || spec.kind === "funnel" ? sliced(spec, width) : cartesian(spec, width);
    base.color = PALETTE;
    base.aria = { enabled: true };
    base.legend = base.legend || { top: 0, type: "scroll" };
    // Room under the legend (one line, top: 0) for the unit above a value axis ("%", "万元"):
    // at 40 px the unit was drawn across the legend's first entries.
    base.grid = { left: 8, right: 24, top: 56, bottom: 8, containLabel: true };
    base.textStyle = { fontFamily: FONT };
    return base;
  }

  function draw() {
    if (typeof window.echarts === "undefined") {
      return;
    }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      element.style.height = height(spec, element.clientWidth);
      var drawn = option(spec, element.clientWidth);
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(drawn);
      charts.push({ chart: chart, element: element, spec: spec, drawn: JSON.stringify(drawn) });
    });
    // A chart's layout follows its width (a pie's list, rotated month labels): drawn anew when
    // the width changes it, else only resized.
    window.addEventListener("resize", function () {
      charts.forEach(function (entry) {
        var width = entry.element.clientWidth;
        entry.element.style.height = height(entry.spec, width);
        entry.chart.resize();
        var next = option(entry.spec, width);
        var text = JSON.stringify(next);
        if (text !== entry.drawn) {
          entry.drawn = text;
          entry.chart.setOption(next, true);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
