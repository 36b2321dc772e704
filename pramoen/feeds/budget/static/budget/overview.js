// Budget overview chart (a file, not an inline script: the Content-Security-Policy runs none).
// The lowest 15 first (76 bars side by side cannot be read), horizontal with the Thai font loaded before
// the canvas is drawn; "show every agency" draws them all, 26 px a bar.
(function () {
  const source = document.getElementById("budget-chart-data");
  const canvas = document.getElementById("budget-chart");
  if (!source || !canvas || !window.Chart) return;
  const d = JSON.parse(source.textContent);
  const pairs = d.labels.map((label, i) => [label, d.values[i]]).sort((a, b) => (a[1] ?? -1) - (b[1] ?? -1));
  const box = document.getElementById("budget-chart-box");
  const all = document.getElementById("budget-chart-all");
  const FIRST = 15;
  let chart = null;
  function draw(n) {
    const shown = pairs.slice(0, n);
    box.style.height = Math.max(200, shown.length * 26 + 60) + "px";
    if (chart) chart.destroy();
    chart = new Chart(document.getElementById("budget-chart"), { data: { labels: shown.map((p) => p[0]), datasets: [
      { type: "bar", label: canvas.dataset.labelDisbursed, data: shown.map((p) => p[1]), backgroundColor: shown.map((p) => (p[1] ?? 0) < d.planned ? "#b5523b" : "#2f6f9f") },
      { type: "line", indexAxis: "y", label: canvas.dataset.labelPlan, data: shown.map(() => d.planned), borderColor: "#1b1f24", borderDash: [6, 4], pointRadius: 0 }] },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false, scales: { x: { beginAtZero: true } } } });
  }
  const ready = document.fonts && document.fonts.load ? document.fonts.load("16px Sarabun") : Promise.resolve();
  ready.then(() => {
    Chart.defaults.font.family = '"Sarabun", system-ui, sans-serif';
    Chart.defaults.font.size = 14;
    draw(FIRST);
    if (pairs.length > FIRST) {
      all.hidden = false;
      all.textContent = all.textContent + " (" + pairs.length + ")";
      all.addEventListener("click", () => { draw(pairs.length); all.remove(); });
    }
  });
})();
