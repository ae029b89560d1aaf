/* The header's menu button on a phone opens and closes the menu below it; the language switch
   keeps the page. */
(function () {
  "use strict";
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    menu: {
      toggle: function (_clicks, open) { return [!open, String(!open)]; }
    }
  });
  // The language switch keeps the reader where they are: the address may have changed since the
  // top bar was drawn (the register keeps its search in it), so it is read at the click.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.lang-link");
    if (link) { link.search = "?next=" + encodeURIComponent(location.pathname + location.search); }
  }, true);
})();
