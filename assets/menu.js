/* The header's menu button on a phone opens and closes the menu below it. */
(function () {
  "use strict";
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    menu: {
      toggle: function (_clicks, open) { return [!open, String(!open)]; }
    }
  });
})();
