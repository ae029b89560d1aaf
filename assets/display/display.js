/* The meeting-room screen's own logic, run in the browser by Dash clientside callbacks:
   - probe: asks the server "has anything changed?" (204, no body, when nothing did), asks for a
     refresh when the data changed, reloads the page when the code or the settings changed, backs
     off while the server cannot be reached, and shows the revoked notice when the link stops working;
   - rotate: the next slide;
   - clock: the time, and the "data as of" stamp that turns into a warning when data is stale. */
(function () {
  "use strict";
  var formats = {};
  var lastClock = null;

  function noUpdate() { return window.dash_clientside.no_update; }

  function format(config, kind) {
    var key = config.locale + "|" + config.timezone + "|" + kind;
    if (!formats[key]) {
      var locale = config.locale === "vi" ? "vi-VN" : "en-US";
      var options = kind === "time"
        ? {hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: config.timezone}
        : (config.locale === "vi"
          ? {weekday: "long", day: "2-digit", month: "2-digit", year: "numeric", timeZone: config.timezone}
          : {weekday: "long", month: "short", day: "numeric", year: "numeric", timeZone: config.timezone});
      formats[key] = new Intl.DateTimeFormat(locale, options);
    }
    return formats[key];
  }

  function backOff(config, failures) {
    var normal = config.refresh * 1000;
    var ceiling = Math.max(normal, Math.min(4 * normal, 120000));
    var wait = Math.min(normal * Math.pow(2, failures), ceiling);
    return Math.round(wait * (0.9 + 0.2 * Math.random()));  // screens do not return in step
  }

  function failed(config, health) {
    var failures = (health.failures || 0) + 1;
    var next = Object.assign({}, health, {failures: failures});
    return [noUpdate(), next, noUpdate(), backOff(config, failures)];
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    display: {
      probe: async function (_tick, config, shown, health) {
        if (!config) { return [noUpdate(), noUpdate(), noUpdate(), noUpdate()]; }
        // Right after set-up the first refresh is already on its way: only check the link.
        var context = window.dash_clientside.callback_context || {};
        var justSetUp = context.triggered_id === "display-config";
        health = health || {lastOk: null, failures: 0, revoked: false};
        var normal = config.refresh * 1000;
        var known = config.server + "." + config.config + "." + (shown || "");
        var response;
        try {
          var controller = new AbortController();
          var timer = setTimeout(function () { controller.abort(); }, Math.min(normal, 10000));
          response = await fetch(config.probe + "?known=" + encodeURIComponent(known), {
            headers: {"X-Display-Key": config.secret}, cache: "no-store", signal: controller.signal});
          clearTimeout(timer);
        } catch (error) {
          return failed(config, health);
        }
        if (response.status === 404) {  // revoked, replaced or expired: say so, check now and then
          return [noUpdate(), Object.assign({}, health, {revoked: true, failures: 0}), false, 60000];
        }
        if (response.status !== 204 && response.status !== 200) { return failed(config, health); }
        if (health.revoked) { window.location.reload(); return [noUpdate(), noUpdate(), noUpdate(), noUpdate()]; }
        var recovered = health.failures > 0;
        var ok = {lastOk: Date.now(), failures: 0, revoked: false};
        var interval = recovered ? normal : noUpdate();
        if (response.status === 204) { return [noUpdate(), ok, noUpdate(), interval]; }
        var state = await response.json();
        if (state.server !== config.server || state.config !== config.config) {
          window.location.reload();  // new code or new settings: start again with them
          return [noUpdate(), ok, noUpdate(), noUpdate()];
        }
        var wanted = state.data !== shown && !justSetUp ? {token: state.data, at: ok.lastOk} : noUpdate();
        return [wanted, ok, noUpdate(), interval];
      },

      rotate: function (_tick, classes) {
        var count = classes.length;
        if (count < 2) { return [noUpdate(), noUpdate()]; }
        var current = classes.findIndex(function (c) { return (c || "").split(" ").indexOf("active") >= 0; });
        var next = (current + 1) % count;
        var slides = [], dots = [];
        for (var i = 0; i < count; i++) {
          slides.push(i === next ? "slide active" : "slide");
          dots.push(i === next ? "dot active" : "dot");
        }
        return [slides, dots];
      },

      clock: function (_tick, config, health) {
        if (!config) { return [noUpdate(), noUpdate(), noUpdate()]; }
        var now = new Date();
        var clock = format(config, "time").format(now) + " · " + format(config, "date").format(now);
        var stamp = config.texts.starting, tone = "display-stamp";
        if (health && health.lastOk) {
          var at = format(config, "time").format(new Date(health.lastOk));
          var stale = now.getTime() - health.lastOk > 2 * config.refresh * 1000 + 1000;
          stamp = (stale ? config.texts.stale : config.texts.as_of).replace("{time}", at);
          tone = stale ? "display-stamp stale" : "display-stamp";
        }
        var result = [clock, stamp, tone];
        if (lastClock && lastClock.join("\u0000") === result.join("\u0000")) {
          return [noUpdate(), noUpdate(), noUpdate()];  // nothing moved this second: no re-render
        }
        lastClock = result;
        return result;
      }
    }
  });
})();
