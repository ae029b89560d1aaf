// When the server cannot run a callback because the database is unavailable, it answers 503
// with a message; Dash alone would show nothing. Show that message over the page instead.
(function () {
  "use strict";
  const originalFetch = window.fetch;

  function show(message) {
    let box = document.getElementById("db-notice-fallback");
    if (!box) {
      box = document.createElement("div");
      box.id = "db-notice-fallback";
      box.className = "alert alert-warning container-fluid";
      box.setAttribute("role", "alert");
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = message;
    clearTimeout(box.hideTimer);
    box.hideTimer = setTimeout(function () { box.remove(); }, 30000);
  }

  window.fetch = function (resource, options) {
    return originalFetch.apply(this, arguments).then(function (response) {
      const url = typeof resource === "string" ? resource : (resource && resource.url) || "";
      if (response.status === 503 && url.indexOf("/_dash-update-component") !== -1) {
        response.clone().json().then(function (body) {
          if (body && body.message) { show(body.message); }
        }).catch(function () {});
      }
      return response;
    });
  };
})();
