// A small line chart of scores over periods (0–5), drawn from data attributes of a <canvas>.
(function () {
  const canvas = document.getElementById("pm-trend");
  if (!canvas || !window.Chart) return;
  const labels = canvas.dataset.labels ? canvas.dataset.labels.split("|") : [];
  const values = (canvas.dataset.values || "").split("|").map((v) => (v === "" ? null : Number(v)));
  new Chart(canvas, {
    type: "line",
    data: { labels: labels, datasets: [{ data: values, borderColor: "#0b3d62", spanGaps: true, tension: 0.2 }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 5 } }, animation: false },
  });
})();
