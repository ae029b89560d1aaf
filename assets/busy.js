/* A button whose work takes a while (an import) is switched off the moment it is pressed, so a
   second tap does not send the work again; the server's answer switches it back. */
(function () {
  "use strict";
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    forms: {
      busy: function () { return true; }
    }
  });
})();
