// Complaint pages: weekly trend (Chart.js), ticket map with grid clustering, and the executive choropleth.
// No tile layer: the intranet may have no internet; district outlines give the context.
(function () {
  const STATE_COLORS = { "เสร็จสิ้น": "#009E73", "กำลังดำเนินการ": "#E69F00", "รอรับเรื่อง": "#D55E00" };
  // Popups and tooltips are built as elements with text, never as HTML strings: a ticket's id and
  // state come from an imported file, and Leaflet would insert a string as HTML.
  function textNode(text) {
    const span = document.createElement("span");
    span.textContent = String(text);
    return span;
  }
  function ticketPopup(urlPattern, ticketId, state) {
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = urlPattern.replace("TICKET", encodeURIComponent(String(ticketId)));
    link.textContent = String(ticketId);
    box.append(link, " · " + String(state));
    return box;
  }
  const trend = document.getElementById("complaint-trend");
  if (trend && window.Chart) {
    const data = JSON.parse(trend.dataset.trend);
    new Chart(trend, {
      type: "line",
      data: { labels: data.map((d) => d.week), datasets: [{ label: trend.getAttribute("aria-label"), data: data.map((d) => d.received), borderColor: "#0072B2" }] },
      options: { plugins: { legend: { display: false } } },
    });
  }
  function outline(map, url, style, onEach) {
    return fetch(url).then((r) => r.json()).then((geo) => L.geoJSON(geo, { style, onEachFeature: onEach }).addTo(map));
  }
  const mapEl = document.getElementById("complaint-map");
  if (mapEl && window.L) {
    const map = L.map(mapEl, { zoomSnap: 0.25 });
    const points = JSON.parse(mapEl.dataset.points);
    const code = Number(mapEl.dataset.code);
    const layer = L.layerGroup().addTo(map);
    // Grid clustering: at low zoom, points in the same screen cell are drawn as one circle with a count.
    function draw() {
      layer.clearLayers();
      const cells = new Map();
      const size = map.getZoom() >= 16 ? 0 : 40;
      for (const p of points) {
        const pt = map.latLngToLayerPoint([p[2], p[1]]);
        const key = size ? Math.floor(pt.x / size) + ":" + Math.floor(pt.y / size) : p[0];
        const cell = cells.get(key) || { n: 0, lat: 0, lon: 0, first: p };
        cell.n += 1; cell.lat += p[2]; cell.lon += p[1];
        cells.set(key, cell);
      }
      for (const c of cells.values()) {
        const ll = [c.lat / c.n, c.lon / c.n];
        if (c.n === 1) {
          const p = c.first;
          L.circleMarker(ll, { radius: 6, color: STATE_COLORS[p[3]] || "#666", fillOpacity: 0.8 })
            .bindPopup(ticketPopup(mapEl.dataset.ticketUrl, p[0], p[3]))
            .addTo(layer);
        } else {
          L.marker(ll, { icon: L.divIcon({ className: "pm-cluster", html: "<span>" + c.n + "</span>", iconSize: [34, 34] }) })
            .on("click", () => map.setView(ll, map.getZoom() + 2))
            .addTo(layer);
        }
      }
    }
    outline(map, mapEl.dataset.outlineUrl, (f) => ({ color: "#1b1f24", weight: f.properties.code === code ? 2 : 0.5, fillOpacity: 0.05 }))
      .then((lyr) => {
        const own = lyr.getLayers().find((l) => l.feature.properties.code === code);
        map.fitBounds((own || lyr).getBounds());
        draw();
        map.on("zoomend", draw);
        mapEl.dataset.loaded = String(points.length);
      });
  }
  const choro = document.getElementById("complaint-choropleth");
  if (choro && window.L) {
    const kpi = JSON.parse(choro.dataset.kpi);
    const map = L.map(choro, { zoomSnap: 0.25 });
    const color = (v) => (v === null || v === undefined ? "#cccccc" : v >= 80 ? "#1a9850" : v >= 60 ? "#91cf60" : v >= 40 ? "#fee08b" : v >= 20 ? "#fc8d59" : "#d73027");
    outline(map, choro.dataset.outlineUrl, (f) => ({ color: "#1b1f24", weight: 1, fillColor: color(kpi[String(f.properties.code)]), fillOpacity: 0.8 }),
      (f, lyr) => {
        const v = kpi[String(f.properties.code)];
        lyr.bindTooltip(textNode(f.properties.name_th + ": " + (v === null || v === undefined ? "—" : v + "%")), { sticky: true });
        lyr.on("click", () => { window.location.href = choro.dataset.districtUrl.replace("1001", String(f.properties.code)); });
      }).then((lyr) => { map.fitBounds(lyr.getBounds()); choro.dataset.loaded = "1"; });
  }
})();
