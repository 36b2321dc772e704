// Committee entry screen: keyboard first, autosave with the sheet's version, drag (or Alt+arrows) to reorder.
(function () {
  "use strict";
  const body = () => document.getElementById("sheet-body");
  const version = () => document.getElementById("sheet-version");
  const csrf = () => JSON.parse(body().getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";

  function showError(message) {
    const box = document.getElementById("sheet-messages");
    if (box) box.innerHTML = '<div class="alert alert-danger" role="alert" data-testid="sheet-error"></div>';
    if (box) box.firstChild.textContent = message;
  }

  // Refused writes (409 someone else saved first, 422 bad input) are shown, not dropped.
  document.addEventListener("htmx:beforeSwap", function (ev) {
    const status = ev.detail.xhr.status;
    if (status === 409 || status === 422) { ev.detail.shouldSwap = true; ev.detail.isError = false; }
  });

  // Autosave: after a pause in typing, post the form with the version it was based on.
  const timers = new WeakMap();
  async function autosave(form) {
    const status = document.getElementById(form.dataset.status);
    const data = new FormData(form);
    data.set("version", version().value);
    const resp = await fetch(form.dataset.autosaveUrl, {
      method: "POST", body: data, headers: { "X-CSRFToken": csrf(), "X-Autosave": "1" },
    });
    const json = await resp.json();
    if (resp.ok) {
      version().value = json.version;
      if (status) status.textContent = (status.dataset.savedLabel || "✓") + " " + json.saved;
    } else {
      if (status) status.textContent = json.message;
      if (resp.status === 409) { form.dataset.conflict = "1"; showError(json.message); }
    }
  }
  document.addEventListener("input", function (ev) {
    const form = ev.target.closest("form.pm-edit");
    if (!form || form.dataset.conflict) return;
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(() => autosave(form), 1200));
  });
  document.addEventListener("change", function (ev) {
    const form = ev.target.closest("form.pm-edit");
    if (!form || form.dataset.conflict || ev.target.tagName === "TEXTAREA") return;
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(() => autosave(form), 200));
  });

  // Keyboard: Enter edits the focused item, Alt+arrows move it, Ctrl+Enter saves, Esc closes.
  let refocus = null;
  document.addEventListener("keydown", function (ev) {
    const form = ev.target.closest("form.pm-edit, form.pm-paste");
    if (form && ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      clearTimeout(timers.get(form));
      htmx.trigger(form, "submit");
      return;
    }
    if (form && form.classList.contains("pm-edit") && ev.key === "Escape") {
      ev.preventDefault();
      clearTimeout(timers.get(form));
      form.querySelector("[data-pm-cancel]").click();
      return;
    }
    const item = ev.target.closest && ev.target.closest("li.pm-item");
    if (!item || ev.target !== item) return;
    if (ev.key === "Enter") { ev.preventDefault(); item.querySelector("[data-pm-edit]").click(); }
    if (ev.altKey && (ev.key === "ArrowUp" || ev.key === "ArrowDown")) {
      ev.preventDefault();
      refocus = item.id;
      item.querySelector(ev.key === "ArrowUp" ? "[data-pm-up]" : "[data-pm-down]").click();
    }
  });
  document.addEventListener("htmx:afterSwap", function (ev) {
    const target = ev.detail.target;
    if (refocus) { const el = document.getElementById(refocus); if (el) el.focus(); refocus = null; }
    if (target && target.classList && target.classList.contains("pm-editing")) {
      const field = target.querySelector("textarea, input:not([type=hidden]), select");
      if (field) field.focus();
    } else if (target && target.classList && target.classList.contains("pm-item")) {
      target.focus();
    }
  });

  // Drag and drop within one list; the new order is sent with the version.
  let dragged = null;
  document.addEventListener("dragstart", function (ev) {
    const li = ev.target.closest && ev.target.closest("li.pm-item[draggable=true]");
    if (!li) return;
    dragged = li; li.classList.add("pm-dragging");
    ev.dataTransfer.effectAllowed = "move";
    ev.dataTransfer.setData("text/plain", li.id);
  });
  document.addEventListener("dragover", function (ev) {
    const li = ev.target.closest && ev.target.closest("li.pm-item");
    if (!dragged || !li || li.parentNode !== dragged.parentNode) return;
    ev.preventDefault();
    document.querySelectorAll(".pm-drop-before").forEach((e) => e.classList.remove("pm-drop-before"));
    li.classList.add("pm-drop-before");
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("pm-dragging");
    document.querySelectorAll(".pm-drop-before").forEach((e) => e.classList.remove("pm-drop-before"));
    dragged = null;
  });
  document.addEventListener("drop", async function (ev) {
    const li = ev.target.closest && ev.target.closest("li.pm-item");
    if (!dragged || !li || li.parentNode !== dragged.parentNode || li === dragged) return;
    ev.preventDefault();
    const list = li.parentNode;
    list.insertBefore(dragged, li);
    const data = new FormData();
    list.querySelectorAll(":scope > li.pm-item").forEach((e) => data.append("ids", e.dataset.id));
    data.set("version", version().value);
    data.set("component", list.dataset.component || "");
    const resp = await fetch(list.dataset.reorderUrl, { method: "POST", body: data, headers: { "X-CSRFToken": csrf() } });
    const html = await resp.text();
    if (resp.ok) {
      body().outerHTML = html;
      htmx.process(body());
    } else {
      document.getElementById("sheet-messages").innerHTML = html;
    }
  });
})();
