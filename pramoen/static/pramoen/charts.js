// Bar-and-line charts drawn from data the page embeds with json_script; each <canvas data-chart="kind">
// names its data element (data-chart-data) and carries its translated labels as data-label-* attributes.
// A file, not an inline script: the Content-Security-Policy allows scripts from this site only.
(function () {
  if (!window.Chart) return;
  const level = (d, label) => ({
    type: "line", label: label, data: d.labels.map(() => d.t1), borderColor: "#b00020", pointRadius: 0,
  });
  const KINDS = {
    "services-overview": (d, t) => {
      const sets = [{ type: "bar", label: t.labelShare, data: d.values, backgroundColor: d.colors }];
      if (d.t1 !== null) sets.push(level(d, t.labelLevel));
      return sets;
    },
    "services-trend": (d, t) => {
      const sets = [
        { type: "bar", label: t.labelMonth, data: d.monthly, backgroundColor: "#6c9bc4" },
        { type: "line", label: t.labelCumulative, data: d.cumulative, borderColor: "#0b3d62" },
      ];
      if (d.t1 !== null) sets.push(level(d, t.labelLevel));
      return sets;
    },
    budget: (d, t) => [
      { type: "bar", label: t.labelDisbursed, data: d.values, backgroundColor: "#6c9bc4" },
      { type: "line", label: t.labelPlan, data: d.labels.map(() => d.planned), borderColor: "#b00020", pointRadius: 0 },
    ],
  };
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const kind = KINDS[canvas.dataset.chart];
    const source = document.getElementById(canvas.dataset.chartData);
    if (!kind || !source) return;
    const d = JSON.parse(source.textContent);
    new Chart(canvas, {
      data: { labels: d.labels, datasets: kind(d, canvas.dataset) },
      options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
    });
  });
})();
