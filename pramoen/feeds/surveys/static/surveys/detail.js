// Survey answer charts (a file: the Content-Security-Policy runs no inline script).
(function () {
if (!window.Chart) return;
document.querySelectorAll(".pm-survey-chart").forEach(function (el) {
  new Chart(el, {type: "bar", data: {labels: el.dataset.labels.split("|"), datasets: [{data: el.dataset.values.split(",").map(Number), backgroundColor: "#0d6efd"}]},
    options: {indexAxis: "y", maintainAspectRatio: false, plugins: {legend: {display: false}}, scales: {x: {beginAtZero: true, ticks: {precision: 0}}}}});
});
})();
