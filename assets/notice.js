// When the server cannot run a callback (the database is unavailable: 503; the person may not
// do it: 403) it answers with a message in their language; Dash alone would show nothing.
// Show that message over the page, where the eye is, whatever part of the page is in view.
(function () {
  "use strict";
  const originalFetch = window.fetch;

  function show(message) {
    let box = document.getElementById("db-notice-fallback");
    if (!box) {
      box = document.createElement("div");
      box.id = "db-notice-fallback";
      box.className = "alert alert-warning alert-dismissible";
      box.setAttribute("role", "alert");
      box.appendChild(document.createElement("span"));
      const close = document.createElement("button");
      close.type = "button";
      close.className = "btn-close";
      close.setAttribute("aria-label", document.documentElement.lang === "en" ? "Close" : "Đóng");
      close.addEventListener("click", function () { box.remove(); });
      box.appendChild(close);
      document.body.appendChild(box);
    }
    box.firstChild.textContent = message;
    clearTimeout(box.hideTimer);
    box.hideTimer = setTimeout(function () { box.remove(); }, 30000);
  }

  window.fetch = function (resource, options) {
    return originalFetch.apply(this, arguments).then(function (response) {
      const url = typeof resource === "string" ? resource : (resource && resource.url) || "";
      const said = response.status === 503 || response.status === 403;
      if (said && url.indexOf("/_dash-update-component") !== -1) {
        response.clone().json().then(function (body) {
          if (body && body.message) { show(body.message); }
        }).catch(function () {});
      }
      return response;
    });
  };
})();
