// A small line chart of scores over periods (0–5), drawn from data attributes of a <canvas>.  The page's
// Thai font is loaded before drawing: a canvas does not wait for web fonts, and without it the period
// names are drawn as empty boxes.
(function () {
  const canvas = document.getElementById("pm-trend");
  if (!canvas || !window.Chart) return;
  const labels = canvas.dataset.labels ? canvas.dataset.labels.split("|") : [];
  const values = (canvas.dataset.values || "").split("|").map((v) => (v === "" ? null : Number(v)));
  const fontsReady =
    document.fonts && document.fonts.load
      ? Promise.all([document.fonts.load("14px Sarabun"), document.fonts.ready])
      : Promise.resolve();
  fontsReady.then(() => {
    Chart.defaults.font.family = '"Sarabun", system-ui, sans-serif';
    new Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: [{ data: values, borderColor: "#0b3d62", spanGaps: true, tension: 0.2 }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 5 } }, animation: false },
    });
  });
})();
