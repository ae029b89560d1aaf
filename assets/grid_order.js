/* Orders for the grids that sort in the browser: names in Vietnamese alphabetical order
   ("Đ" after "D", "ă" and "â" after "a", tones after the letters, as the server's sort key),
   and dates by the day they name rather than by their text. */
(function () {
  "use strict";
  var functions = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  var names = new Intl.Collator("vi", {sensitivity: "variant", numeric: true});
  functions.vietnameseOrder = function (a, b) {
    return names.compare(a == null ? "" : String(a), b == null ? "" : String(b));
  };
  functions.dueOrder = function (a, b, nodeA, nodeB) {
    var x = nodeA && nodeA.data ? nodeA.data.due_iso : "";
    var y = nodeB && nodeB.data ? nodeB.data.due_iso : "";
    return x < y ? -1 : x > y ? 1 : 0;
  };
})();
