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
