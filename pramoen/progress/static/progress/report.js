// Report form: let HTMX show conflict and validation answers (409/400) without touching the user's text;
// keep the workflow form's version in step with autosave; the map picker for evidence locations.
(function () {
  document.body.addEventListener("htmx:beforeSwap", function (ev) {
    const status = ev.detail.xhr.status;
    if (status === 409 || status === 400) {
      ev.detail.shouldSwap = true;
      ev.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    const v = document.getElementById("report-version");
    document.querySelectorAll("[data-follow-version]").forEach(function (el) { if (v) el.value = v.value; });
  });

  const el = document.getElementById("pick-map");
  if (!el || typeof L === "undefined") return;
  // No tile server on the intranet: the district outline is the map (a tile layer can be added later).
  const map = L.map(el, { attributionControl: false, zoomSnap: 0.25 }).setView([13.75, 100.52], 11);
  let marker = null;
  function pick(latlng) {
    const lat = latlng.lat.toFixed(6), lon = latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    document.querySelectorAll('[data-pick="lat"]').forEach(function (i) { i.value = lat; });
    document.querySelectorAll('[data-pick="lon"]').forEach(function (i) { i.value = lon; });
    document.querySelectorAll("[data-needs-pick]").forEach(function (b) { b.disabled = false; });
    document.getElementById("pick-status").textContent = "📍 " + lat + ", " + lon;
    el.dataset.picked = "1";
  }
  map.on("click", function (e) { pick(e.latlng); });
  const url = el.dataset.geojson;
  if (url) {
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      const layer = L.geoJSON(data, { style: { color: "#1d4e89", weight: 2, fillOpacity: 0.08 } }).addTo(map);
      layer.on("click", function (e) { pick(e.latlng); });
      map.fitBounds(layer.getBounds());
      el.dataset.loaded = "1";
    });
  } else {
    el.dataset.loaded = "1";
  }
})();
