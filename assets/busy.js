/* Form helpers. A button whose work takes a while (an import) is switched off the moment it is
   pressed, so a second tap does not send the work again; the server's answer switches it back. */
(function () {
  "use strict";
  // A browser says nothing when the same file is chosen twice, yet "fix the sheet and choose it
  // again" is what the import asks: once the upload has read the file, the input forgets it.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input && input.matches && input.matches(".import-drop input[type='file']")) {
      setTimeout(function () { input.value = ""; }, 0);
    }
  }, true);
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    forms: {
      busy: function () { return true; }
    }
  });
})();
