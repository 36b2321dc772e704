// Text-size switch for readers who need larger type; the choice is remembered in this browser.
(function () {
  const root = document.documentElement;
  if (localStorage.getItem("pm-text-large") === "1") root.classList.add("pm-text-large");
  document.addEventListener("click", function (ev) {
    const btn = ev.target.closest("[data-pm-text-size]");
    if (!btn) return;
    const large = root.classList.toggle("pm-text-large");
    localStorage.setItem("pm-text-large", large ? "1" : "0");
    btn.setAttribute("aria-pressed", large ? "true" : "false");
  });
})();

// On a phone every table is shown as cards: each cell is labelled with its column's heading.
(function () {
  function label(table) {
    if (table.classList.contains("pm-keep-table")) return;
    const heads = table.querySelectorAll("thead tr:last-child th, thead tr:last-child td");
    if (!heads.length) return;
    const names = [];
    heads.forEach(function (th) {
      const span = parseInt(th.getAttribute("colspan") || "1", 10);
      for (let i = 0; i < span; i++) names.push(th.textContent.trim());
    });
    table.querySelectorAll("tbody tr, tfoot tr").forEach(function (tr) {
      let col = 0;
      Array.from(tr.children).forEach(function (cell) {
        const name = names[col];
        if (name && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", name);
        col += parseInt(cell.getAttribute("colspan") || "1", 10);
      });
    });
  }
  function labelAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("table.table").forEach(label);
  }
  document.addEventListener("DOMContentLoaded", function () { labelAll(document); });
  document.addEventListener("htmx:afterSettle", function (ev) { labelAll(ev.target); });
})();

// A button with data-confirm asks first, saying what will happen; only "OK" sends the form.
(function () {
  document.addEventListener("click", function (ev) {
    const btn = ev.target.closest("button[data-confirm]");
    if (!btn) return;
    if (btn.dataset.confirmed === "1") { delete btn.dataset.confirmed; return; }
    const dialog = document.getElementById("pm-confirm");
    if (!dialog || typeof dialog.showModal !== "function") return;  // no dialog support: send as before
    ev.preventDefault();
    dialog.querySelector("[data-confirm-text]").textContent = btn.dataset.confirm;
    dialog.querySelector("[data-confirm-ok]").textContent = btn.textContent.trim();
    dialog.returnValue = "";
    dialog.onclose = function () {
      if (dialog.returnValue !== "ok") return;
      btn.dataset.confirmed = "1";
      btn.click();
    };
    dialog.showModal();
  });
})();
