/* Work a cheap phone need not do before it is wanted. Long tables and charts (with plotly.js,
   330 KB that take 0.7 s of a slow phone's processor) are drawn when their place comes near the
   screen, not while the page loads: on / they were most of the loading's blocking time. The
   server's answer waits in a store (layouts/components.py `held`); once a place has been
   drawn, each new answer is drawn at once. */
(function () {
  "use strict";
  // While the page opens, only what is about to show is drawn; once the reader scrolls, a
  // screen ahead, so that what they scroll to is drawn before it shows (nothing then jumps).
  var OPENING = "100px 0px", READING = "100% 0px";
  var waiting = new Map();  // place → what to draw there when it comes near
  var drawn = new WeakSet();  // places drawn once: they follow every answer
  var supported = "IntersectionObserver" in window;

  function watcher(ahead) {
    return new IntersectionObserver(function (entries, self) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting || !waiting.has(entry.target)) { return; }
        var draw = waiting.get(entry.target);
        waiting.delete(entry.target);
        self.unobserve(entry.target);
        draw();
      });
    }, {rootMargin: ahead});
  }
  var observer = supported ? watcher(OPENING) : null;
  if (supported) {
    window.addEventListener("scroll", function () {
      var opening = observer;
      observer = watcher(READING);
      opening.disconnect();
      waiting.forEach(function (_draw, place) { observer.observe(place); });
    }, {once: true, passive: true});
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    near: {
      draw: function (content, placeId) {
        var place = document.getElementById(placeId);
        if (!place || (content == null && !drawn.has(place))) { return window.dash_clientside.no_update; }
        if (drawn.has(place) || !supported) {  // (an old browser draws everything at once)
          drawn.add(place);
          return content;
        }
        // The latest answer replaces an earlier one still waiting; a hidden place (a page
        // body shown with its first answer) waits until it is shown.
        waiting.set(place, function () {
          drawn.add(place);
          window.dash_clientside.set_props(placeId, {children: content});
        });
        observer.observe(place);
        return window.dash_clientside.no_update;
      }
    }
  });
})();
