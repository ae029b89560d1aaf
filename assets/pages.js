/* The app's layout arrives holding the page the server believes the browser opened (named by
   the request's Referer, dashboard/web/pages.py). Should it be another page (a Referer cut to
   the site's address), the page container's Location is told to report the real address, and
   Dash's router draws the right page. */
(function () {
  "use strict";
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    pages: {
      followAddress: function (opened) {
        if (opened && opened.address && opened.address !== location.pathname + location.search) {
          window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        }
        return window.dash_clientside.no_update;
      }
    }
  });
})();
