// The district map: outlines from the public API, coloured by district group; a tap opens the district.
// No tile layer: the intranet may have no internet, and the outlines alone show where each district is.
(function () {
  const el = document.getElementById("district-map");
  if (!el) return;
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.addAttribution("เขตการปกครอง: ระบบสารสนเทศภูมิศาสตร์ กรุงเทพมหานคร");
  const detailUrl = (code) => el.dataset.detailUrl.replace("1001", String(code));
  const english = (el.dataset.lang || "th").startsWith("en");
  fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then((r) => r.json())
    .then((data) => {
      const layer = L.geoJSON(data, {
        style: (f) => ({ color: "#1b1f24", weight: 1, fillColor: f.properties.group_color, fillOpacity: 0.75 }),
        onEachFeature: (f, lyr) => {
          const name = english ? f.properties.name_en : f.properties.name_th;
          const group = english ? f.properties.group_name_en : f.properties.group_name_th;
          const tip = document.createElement("span");
          tip.textContent = name + " · " + group; // text, never HTML
          lyr.bindTooltip(tip, { sticky: true });
          lyr.on("click", () => { window.location.href = detailUrl(f.properties.code); });
          lyr.on("add", () => {
            const path = lyr.getElement && lyr.getElement();
            if (path) {
              path.setAttribute("data-district", f.properties.code);
              path.setAttribute("role", "link");
              path.setAttribute("aria-label", name);
            }
          });
        },
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      el.dataset.loaded = String(data.features.length);
    });
})();
