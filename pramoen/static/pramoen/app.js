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
