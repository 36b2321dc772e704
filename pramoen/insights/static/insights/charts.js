// Overview and portal charts: Chart.js with the page's Thai font (loaded before drawing, so canvas
// labels are not drawn in a fallback font), the score map (Leaflet, no tile layer), "show all" rows.
(function () {
  const HEAT = [[4, "#1a7f37"], [3, "#91cf60"], [2, "#fee08b"], [1, "#fc8d59"], [-Infinity, "#b02a37"]];
  const heat = (v) => (v === null || v === undefined ? "#e9ecef" : HEAT.find(([low]) => v >= low)[1]);
  const fontsReady = document.fonts && document.fonts.load ? Promise.all([document.fonts.load("16px Sarabun"), document.fonts.ready]) : Promise.resolve();

  // Rows past the first N are hidden until "show all" (without JavaScript every row shows).
  document.querySelectorAll("[data-show-all]").forEach((button) => {
    const table = document.querySelector('[data-testid="' + button.dataset.showAll + '"]');
    if (!table) return;
    const more = table.querySelectorAll("tr[data-more]");
    more.forEach((tr) => { tr.hidden = true; });
    button.addEventListener("click", () => {
      more.forEach((tr) => { tr.hidden = false; });
      button.remove();
    });
  });

  fontsReady.then(() => {
    if (!window.Chart) return;
    Chart.defaults.font.family = '"Sarabun", system-ui, sans-serif';
    Chart.defaults.font.size = 14;
    Chart.defaults.color = "#1b1f24";
    const trend = document.getElementById("ov-trend");
    if (trend) {
      const data = JSON.parse(trend.dataset.trend);
      new Chart(trend, {
        type: "line",
        data: { labels: data.map((d) => d[0]), datasets: [{ data: data.map((d) => d[1]), borderColor: "#0b3d62", spanGaps: true, tension: 0.2 }] },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 5 } } },
      });
      trend.dataset.drawn = "1";
    }
    document.querySelectorAll("canvas[data-bars]").forEach((canvas) => {
      const data = JSON.parse(canvas.dataset.bars);
      canvas.parentElement.style.height = Math.max(160, data.length * 28 + 40) + "px";
      new Chart(canvas, {
        type: "bar",
        data: { labels: data.map((d) => d[0]), datasets: [{ data: data.map((d) => d[1]), backgroundColor: data.map((d) => heat(d[1])) }] },
        options: { indexAxis: "y", maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { x: { min: 0, max: Number(canvas.dataset.max || 5) } } },
      });
      canvas.dataset.drawn = "1";
    });
  });

  // The overview below 576 px: its folds start closed (unless kept open or the address names a section
  // inside one); the agency list is searched and filtered; ดูทั้งหมด opens the full matrix.
  const phone = window.matchMedia("(max-width: 575.98px)").matches;
  const named = decodeURIComponent(window.location.hash.slice(1));
  document.querySelectorAll("details[data-fold]").forEach((fold) => {
    const holdsTarget = named && fold.querySelector("#" + CSS.escape(named));
    if (phone && !fold.hasAttribute("data-keep-open") && !holdsTarget) fold.open = false;
  });
  const list = document.querySelector('[data-testid="agency-list"]');
  if (list) {
    document.body.classList.add("pm-ov-js");
    const rows = Array.from(list.querySelectorAll("li[data-band]"));
    const find = list.querySelector("[data-ov-find]");
    const band = list.querySelector("[data-ov-band]");
    const more = list.querySelector("[data-ov-more]");
    const count = list.querySelector("[data-ov-count]");
    const norm = (text) => text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
    let all = false;
    const apply = () => {
      const q = norm(find.value);
      const b = band.value;
      const filtering = Boolean(q || b);
      let shown = 0;
      rows.forEach((li) => {
        const match = (!q || norm(li.textContent).includes(q)) && (!b || li.dataset.band === b);
        li.hidden = !(match && (all || filtering || !li.hasAttribute("data-more")));
        if (!li.hidden) shown += 1;
      });
      count.textContent = count.dataset.text.replace("{shown}", shown).replace("{total}", rows.length);
      if (more) more.hidden = all || filtering;
    };
    find.addEventListener("input", apply);
    band.addEventListener("change", apply);
    if (more) more.addEventListener("click", () => { all = true; apply(); });
    apply();
    const toggle = list.querySelector("[data-ov-matrix]");
    const matrix = document.getElementById(toggle.getAttribute("aria-controls"));
    toggle.addEventListener("click", () => {
      const open = !matrix.classList.contains("is-open");
      matrix.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? toggle.dataset.close : toggle.dataset.open;
    });
  }

  const mapEl = document.getElementById("ov-map");
  const mapFold = mapEl ? mapEl.closest("details") : null;
  if (mapFold && !mapFold.open) {  // Leaflet measures its box: drawn when the fold first opens
    mapFold.addEventListener("toggle", function first() {
      if (!mapFold.open) return;
      mapFold.removeEventListener("toggle", first);
      drawMap();
    });
  } else {
    drawMap();
  }

  function drawMap() {
    if (mapEl && window.L) {
      const scores = JSON.parse(mapEl.dataset.scores);
      const select = document.getElementById("ov-map-measure");
      const english = document.documentElement.lang.startsWith("en");
      const map = L.map(mapEl, { zoomSnap: 0.25 });
      map.attributionControl.addAttribution("เขตการปกครอง: ระบบสารสนเทศภูมิศาสตร์ กรุงเทพมหานคร");
      let layer = null;
      const valueOf = (code) => { const s = scores[String(code)]; return s ? s[select ? select.value : "overall"] : null; };
      const style = (f) => ({ color: "#1b1f24", weight: 1, fillColor: heat(valueOf(f.properties.code)), fillOpacity: 0.85 });
      fetch(mapEl.dataset.outlineUrl).then((r) => r.json()).then((geo) => {
        layer = L.geoJSON(geo, {
          style,
          onEachFeature: (f, lyr) => {
            const name = english ? f.properties.name_en : f.properties.name_th;
            lyr.bindTooltip(() => { const v = valueOf(f.properties.code); return name + ": " + (v === null || v === undefined ? "—" : v.toFixed(2)); }, { sticky: true });
            if (mapEl.dataset.cardUrl) {
              lyr.on("click", () => { window.location.href = mapEl.dataset.cardUrl.replace("1001", String(f.properties.code)); });
            }
          },
        }).addTo(map);
        map.fitBounds(layer.getBounds());
        mapEl.dataset.loaded = String(geo.features.length);
      });
      if (select) select.addEventListener("change", () => { if (layer) layer.setStyle(style); });
    }
  }
})();
