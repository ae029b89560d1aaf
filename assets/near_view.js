/* Work a cheap phone need not do before it is wanted. Long tables and charts (with plotly.js,
   330 KB that take 0.7 s of a slow phone's processor) are drawn when their place comes near the
   screen, not while the page loads: on / they were most of the loading's blocking time. The
   server's answer waits in a store (layouts/components.py `deferred`); once a place has been
   drawn, each later answer is drawn at once. Printing, or using the keyboard, draws them all:
   a printout, and a keyboard or screen reader user, must find every section. */
(function () {
  "use strict";
  // While the page opens, only what is about to show is drawn; once the reader scrolls, a
  // screen ahead, so that what they scroll to is drawn before it shows (nothing then jumps).
  var OPENING = "100px 0px", READING = "100% 0px";
  var waiting = new Map();  // place → what to draw there when it comes near
  var drawn = new WeakSet();  // places drawn once: they follow every answer
  var supported = "IntersectionObserver" in window;
  var everything = !supported;  // (an old browser draws everything at once)

  function drawNow(place) {
    var draw = waiting.get(place);
    waiting.delete(place);
    observer.unobserve(place);
    // A place the page has replaced meanwhile (another page opened) is not drawn: its id may
    // now name another page's place.
    if (draw && place.isConnected && document.getElementById(place.id) === place) { draw(); }
  }

  function watcher(ahead) {
    return new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && waiting.has(entry.target)) { drawNow(entry.target); }
      });
    }, {rootMargin: ahead});
  }
  var observer = supported ? watcher(OPENING) : null;

  function forgetDetached() {
    waiting.forEach(function (_draw, place) {
      if (!place.isConnected) { waiting.delete(place); observer.unobserve(place); }
    });
  }

  function drawEverything() {
    everything = true;
    Array.from(waiting.keys()).forEach(drawNow);
  }

  if (supported) {
    window.addEventListener("scroll", function () {
      var opening = observer;
      observer = watcher(READING);
      opening.disconnect();
      forgetDetached();
      waiting.forEach(function (_draw, place) { observer.observe(place); });
    }, {once: true, passive: true});
    window.addEventListener("beforeprint", drawEverything);
    window.addEventListener("keydown", function (event) {
      if (event.key === "Tab") { drawEverything(); }
    }, {passive: true});
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    near: {
      draw: function (content, placeId) {
        var noUpdate = window.dash_clientside.no_update;
        var place = document.getElementById(placeId);
        if (!place) { return noUpdate; }
        if (drawn.has(place) || everything) {
          drawn.add(place);
          // A chart already drawn takes the new figure: plotly redraws it in place (a new
          // Graph would be built from nothing, and lose the reader's zoom).
          var graph = content && content.type === "Graph" && content.props && document.getElementById(content.props.id);
          if (graph && place.contains(graph)) {
            window.dash_clientside.set_props(content.props.id, {figure: content.props.figure});
            return noUpdate;
          }
          return content;
        }
        if (content == null) {  // nothing to draw: an earlier answer still waiting is dropped too
          if (waiting.has(place)) { waiting.delete(place); observer.unobserve(place); }
          return noUpdate;
        }
        forgetDetached();
        // The latest answer replaces an earlier one still waiting; a hidden place (a page
        // body shown with its first answer) waits until it is shown.
        waiting.set(place, function () {
          drawn.add(place);
          window.dash_clientside.set_props(placeId, {children: content});
        });
        observer.observe(place);
        return noUpdate;
      }
    }
  });
})();
