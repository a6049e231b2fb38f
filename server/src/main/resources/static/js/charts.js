/*
 * Metric charts of a server's or a monitor's page, drawn with uPlot (WebJar). Markup (jte/tag/charts.jte):
 *   [data-charts="/servers/{id}/charts"][data-range]  the charts, and where their data is
 *                                                      (/monitors/{id}/charts on a monitor's page);
 *   figure[data-chart=cpu|memory|...]                  one chart: .chart-canvas, .chart-note;
 *   button[data-chart-range=1h|24h|7d|30d]             the period buttons (aria-pressed).
 * The data is {unit, from, to, x: [epoch seconds], series: [{label, values: [number|null]}], note}:
 * the time axis always spans the whole period, even when the points cover a part of it; note, when
 * set, is what a chart without lines says instead of the generic data-empty.
 */
(function () {
  'use strict';

  var root = document.querySelector('[data-charts]');
  if (!root || !window.uPlot) {
    return;
  }
  var lang = document.documentElement.lang || 'fr';
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var palette = ['#1d4ed8', '#b42318', '#067647', '#b54708', '#6941c6', '#0e7090', '#c11574', '#475467'];
  var binary = lang === 'fr' ? ['o', 'Kio', 'Mio', 'Gio', 'Tio'] : ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  var plots = {};
  var clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  var day = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short' });
  var stamp = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

  /** Time labels in the page's language: hours within two days, dates beyond. */
  function timeLabel(seconds, span) {
    var date = new Date(seconds * 1000);
    return span <= 2 * 86400 ? clock.format(date) : day.format(date);
  }

  function bytes(value) {
    var unit = 0;
    while (Math.abs(value) >= 1024 && unit < binary.length - 1) {
      value /= 1024;
      unit++;
    }
    return number.format(value) + ' ' + binary[unit];
  }

  function formatter(unit) {
    switch (unit) {
      case 'percent': return function (v) { return number.format(v) + ' %'; };
      case 'bytes': return bytes;
      case 'bytes/s': return function (v) { return bytes(v) + '/s'; };
      case 'ms': return function (v) { return number.format(v) + ' ms'; };
      default: return function (v) { return number.format(v); };
    }
  }

  function note(figure, text) {
    var p = figure.querySelector('.chart-note');
    p.textContent = text || '';
    p.hidden = !text;
  }

  function draw(figure, data) {
    var name = figure.getAttribute('data-chart');
    var box = figure.querySelector('.chart-canvas');
    if (plots[name]) {
      plots[name].destroy();
      delete plots[name];
    }
    if (!data.x.length || !data.series.length) {
      note(figure, data.note || root.getAttribute('data-empty'));
      return;
    }
    note(figure, '');
    var format = formatter(data.unit);
    var series = [{
      label: lang === 'fr' ? 'Heure' : 'Time',
      value: function (u, v) { return v == null ? '—' : stamp.format(new Date(v * 1000)); }
    }].concat(data.series.map(function (line, i) {
      return {
        label: line.label,
        stroke: palette[i % palette.length],
        width: 1.5,
        spanGaps: false,
        value: function (u, v) { return v == null ? '—' : format(v); }
      };
    }));
    var options = {
      width: Math.max(box.clientWidth, 280),
      height: 200,
      series: series,
      scales: {
        x: { time: true, range: [data.from, data.to] },
        y: data.unit === 'percent' ? { range: [0, 100] } : {}
      },
      axes: [
        { values: function (u, values) { return values.map(function (v) { return timeLabel(v, data.to - data.from); }); } },
        { size: 80, values: function (u, values) { return values.map(format); } }
      ],
      legend: { live: true }
    };
    plots[name] = new window.uPlot(options, [data.x].concat(data.series.map(function (l) { return l.values; })), box);
  }

  function load(range) {
    root.setAttribute('data-range', range);
    root.querySelectorAll('[data-chart]').forEach(function (figure) {
      var url = root.getAttribute('data-charts') + '?chart=' + figure.getAttribute('data-chart')
          + '&range=' + encodeURIComponent(range);
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (data) { draw(figure, data); })
        .catch(function () { note(figure, root.getAttribute('data-failed')); });
    });
  }

  document.querySelectorAll('[data-chart-range]').forEach(function (button) {
    button.addEventListener('click', function () {
      document.querySelectorAll('[data-chart-range]').forEach(function (b) {
        b.setAttribute('aria-pressed', b === button ? 'true' : 'false');
      });
      load(button.getAttribute('data-chart-range'));
    });
  });

  var resizing;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      Object.keys(plots).forEach(function (name) {
        var box = root.querySelector('[data-chart="' + name + '"] .chart-canvas');
        plots[name].setSize({ width: Math.max(box.clientWidth, 280), height: 200 });
      });
    }, 150);
  });

  load(root.getAttribute('data-range'));
})();
