/* Dash 4.4's renderer: every component, when it first renders, dispatches a
   RESET_COMPONENT_STATE that clears the update counters kept under its path. Nearly always
   none are kept there, yet the reducer returns a new object, so every mounted component
   re-runs its store selector: N components cost N² selector runs (about 800 × 800 on the
   overview, 2-3 s of a cheap phone's processor). This lets such an action through only when a
   counter under that path exists, which is exactly when the reducer would change something.
   It runs before the renderer creates its store (assets load before it starts). */
(function () {
  "use strict";
  var current;

  function clearsSomething(store, action) {
    var path = action.payload && action.payload.itempath;
    if (!path) { return true; }
    var prefix = path.join(",");  // the renderer's own stringifyPath
    var kept = store.getState().layoutHashes || {};
    return Object.keys(kept).some(function (key) { return key.indexOf(prefix) === 0; });
  }

  Object.defineProperty(window, "store", {
    configurable: true,
    get: function () { return current; },
    set: function (store) {
      current = store;
      if (!store || store.quietResets) { return; }
      var dispatch = store.dispatch;
      store.dispatch = function (action) {
        if (action && action.type === "RESET_COMPONENT_STATE" && !clearsSomething(store, action)) {
          return action;
        }
        return dispatch(action);
      };
      store.quietResets = true;
    },
  });
})();
