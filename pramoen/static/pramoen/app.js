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

// Behaviours pages ask for with data attributes instead of inline handlers (the Content-Security-Policy
// runs no inline script): data-autosubmit submits its form on change, form[data-confirm] asks first,
// form[data-reset-on-success] is cleared after its htmx request succeeds.
(function () {
  document.addEventListener("change", function (ev) {
    const field = ev.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.submit();
  });
  document.addEventListener("submit", function (ev) {
    const form = ev.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) ev.preventDefault();
  });
  document.addEventListener("htmx:afterRequest", function (ev) {
    const form = ev.target.closest && ev.target.closest("form[data-reset-on-success]");
    if (form && ev.detail.successful) form.reset();
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

// Dates in the Buddhist Era with Thai month names: every <input type="date"> becomes day · month · year (BE)
// choosers; the form still sends the ISO date (yyyy-mm-dd) under the input's name.  data-pm-native keeps one.
(function () {
  const TH = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
    "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  const EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  const WORDS = {
    th: { day: "วัน", month: "เดือน", year: "ปี พ.ศ.", none: "—" },
    en: { day: "day", month: "month", year: "year (BE)", none: "—" },
  };
  function option(value, text, selected) {
    const o = document.createElement("option");
    o.value = value; o.textContent = text; o.selected = selected;
    return o;
  }
  function chooser(label, values, current) {
    const s = document.createElement("select");
    s.className = "form-select";
    s.setAttribute("aria-label", label);
    s.appendChild(option("", "—", current === ""));
    values.forEach(function (v) { s.appendChild(option(String(v[0]), v[1], String(v[0]) === current)); });
    return s;
  }
  function enhance(input) {
    if (input.hasAttribute("data-pm-native") || input.dataset.pmBe) return;
    const lang = (document.documentElement.lang || "th").slice(0, 2) === "en" ? "en" : "th";
    const words = WORDS[lang], months = lang === "th" ? TH : EN;
    const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value || "");
    const y = parts ? parseInt(parts[1], 10) : "", m = parts ? parseInt(parts[2], 10) : "", d = parts ? parseInt(parts[3], 10) : "";
    const thisYear = new Date().getFullYear();
    const years = [];
    const first = Math.min(thisYear - 8, y || thisYear), last = Math.max(thisYear + 3, y || thisYear);
    for (let i = last; i >= first; i--) years.push([i, String(i + 543)]);
    const days = [];
    for (let i = 1; i <= 31; i++) days.push([i, String(i)]);
    const day = chooser(words.day, days, String(d));
    const month = chooser(words.month, months.map(function (n, i) { return [i + 1, n]; }), String(m));
    const year = chooser(words.year, years, String(y));
    const hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = input.name; hidden.value = input.value;
    if (input.form === null && input.getAttribute("form")) hidden.setAttribute("form", input.getAttribute("form"));
    const wrap = document.createElement("span");
    wrap.className = "pm-be-date";
    wrap.dataset.pmBe = "1";
    if (input.id) day.id = input.id;
    [day, month, year].forEach(function (s) {
      if (input.required) s.required = true;
      s.addEventListener("change", function () {
        if (day.value && month.value && year.value) {
          const last = new Date(parseInt(year.value, 10), parseInt(month.value, 10), 0).getDate();
          if (parseInt(day.value, 10) > last) day.value = String(last);
          hidden.value = year.value + "-" + String(month.value).padStart(2, "0") + "-" + String(day.value).padStart(2, "0");
        } else {
          hidden.value = "";
        }
      });
      wrap.appendChild(s);
    });
    wrap.appendChild(hidden);
    input.replaceWith(wrap);
  }
  function enhanceAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll('input[type="date"]').forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:afterSettle", function (ev) { enhanceAll(ev.target); });
})();

// File choosers in the page's language: the browser's own file input says "Choose File · No file chosen" in
// the browser's language, whatever the page's.  Each <input type="file"> gets a button and the chosen file's
// name in Thai (or English); the input itself, visually hidden, still carries the file, its label and its
// validation, and the label still opens it.  data-pm-native keeps one as the browser draws it.
(function () {
  const WORDS = {
    th: { choose: "เลือกไฟล์", none: "ยังไม่ได้เลือกไฟล์", files: "ไฟล์" },
    en: { choose: "Choose a file", none: "No file chosen", files: "files" },
  };
  let count = 0;
  function enhance(input) {
    if (input.hasAttribute("data-pm-native") || input.dataset.pmFile) return;
    input.dataset.pmFile = "1";
    const words = WORDS[(document.documentElement.lang || "th").slice(0, 2) === "en" ? "en" : "th"];
    const box = document.createElement("span");
    box.className = "pm-file";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-primary";
    button.textContent = words.choose;
    const chosen = document.createElement("span");
    chosen.className = "pm-file-name";
    chosen.id = (input.id || "pm-file-" + ++count) + "-chosen";
    chosen.setAttribute("aria-live", "polite");
    chosen.textContent = words.none;
    button.setAttribute("aria-describedby", chosen.id);
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      const files = Array.from(input.files || []);
      chosen.textContent = files.length === 0 ? words.none
        : files.length === 1 ? files[0].name : files.length + " " + words.files;
    });
    input.classList.add("visually-hidden");
    input.tabIndex = -1;  // the button is the field's one stop on the keyboard
    box.appendChild(button);
    box.appendChild(chosen);
    input.after(box);
  }
  function enhanceAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll('input[type="file"]').forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:afterSettle", function (ev) { enhanceAll(ev.target); });
})();
