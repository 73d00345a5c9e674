// The console's few behaviours beyond htmx: the anti-forgery header on htmx requests, refusals
// (4xx) swapped in as messages rather than dropped, and the live deadline countdowns.
(function () {
  "use strict";

  if (window.htmx) {
    // A refusal's body is a readable message: show it where the form said, like a success.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4..", swap: true, error: false },
      { code: "...", swap: true, error: true },
    ];
    document.body.addEventListener("htmx:configRequest", function (event) {
      var token = document.body.dataset.csrf;
      if (token) {
        event.detail.headers["X-CSRF-Token"] = token;
      }
    });
  }

  function left(seconds) {
    var sign = seconds < 0 ? "overdue " : "";
    var s = Math.abs(seconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = s % 60;
    return sign + (h > 0 ? h + "h " : "") + (h > 0 || m > 0 ? m + "m " : "") + sec + "s";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var seconds = Math.round((Date.parse(el.dataset.deadline) - now) / 1000);
      el.textContent = left(seconds);
      el.classList.toggle("urgent", seconds < 3600);
    });
  }

  tick();
  setInterval(tick, 1000);
  document.body.addEventListener("htmx:afterSwap", tick);
})();
