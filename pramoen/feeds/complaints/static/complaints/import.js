// Upload progress: the bar follows the bytes sent; then the browser goes to the import job's page.
(function () {
  const form = document.getElementById("import-form");
  const bar = document.getElementById("import-progress");
  if (!form || !bar) return;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const xhr = new XMLHttpRequest();
    bar.hidden = false;
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) bar.value = Math.round(90 * e.loaded / e.total); });
    xhr.addEventListener("load", () => {
      bar.value = 100;
      if (xhr.responseURL && xhr.responseURL !== window.location.href) { window.location.assign(xhr.responseURL); return; }
      document.open(); document.write(xhr.responseText); document.close();
    });
    xhr.open("POST", form.action || window.location.href);
    xhr.send(new FormData(form));
  });
})();
