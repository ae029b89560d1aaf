/* The overview's ranking grid reads its rows from the server a block at a time. The first
   figures answer the grid's first request (the server waits for them); when new figures come
   (another day or period, fresh data), the grid forgets the blocks it holds and asks again
   for the rows it shows. */
(function () {
  "use strict";
  var shown = {};
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    ranking: {
      refresh: function (source, gridId) {
        if (!source) { return window.dash_clientside.no_update; }
        var first = !(gridId in shown);
        shown[gridId] = source;
        if (!first) {
          window.dash_ag_grid.getApiAsync(gridId).then(function (api) { api.purgeInfiniteCache(); });
        }
        return source;
      }
    }
  });
})();
