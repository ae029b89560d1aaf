/* Repairs of ARIA faults in third-party components (Dash 4.4's dropdown and date pickers,
   dash-bootstrap-components' tabs), found by axe-core, until their authors fix them. Each
   repair only removes a wrong attribute or completes a missing one; none changes behaviour. */
(function () {
  "use strict";
  var english = function () { return document.documentElement.lang === "en"; };

  function repair() {
    // The dropdown's hidden focus relay is a second, invisible tab stop before its button.
    document.querySelectorAll(".dash-dropdown-focus-target[aria-hidden='true']:not([tabindex='-1'])")
      .forEach(function (relay) { relay.setAttribute("tabindex", "-1"); });
    // The date picker's wrapper is a plain div: popup states belong to its input, and its
    // label list names ids that do not exist ("undefined").
    document.querySelectorAll(".dash-datepicker-input-wrapper[aria-expanded], .dash-datepicker-input-wrapper[aria-labelledby]")
      .forEach(function (wrapper) {
        ["aria-expanded", "aria-haspopup", "aria-disabled"].forEach(function (name) { wrapper.removeAttribute(name); });
        var known = (wrapper.getAttribute("aria-labelledby") || "").split(/\s+/)
          .filter(function (id) { return id && document.getElementById(id); });
        if (known.length) { wrapper.setAttribute("aria-labelledby", known.join(" ")); } else { wrapper.removeAttribute("aria-labelledby"); }
      });
    // The clear button of a date range is a link without a role, labelled in English only.
    document.querySelectorAll("a.dash-datepicker-clear:not([role])").forEach(function (clear) {
      clear.setAttribute("role", "button");
      clear.setAttribute("tabindex", "0");
      clear.setAttribute("aria-label", english() ? "Clear the dates" : "Xoá ngày đã chọn");
    });
    // The calendar's buttons are named in English only, and no prop of the picker names them.
    if (!english()) {
      document.querySelectorAll(".dash-datepicker-month-nav[aria-label='Previous month']")
        .forEach(function (button) { button.setAttribute("aria-label", "Tháng trước"); });
      document.querySelectorAll(".dash-datepicker-month-nav[aria-label='Next month']")
        .forEach(function (button) { button.setAttribute("aria-label", "Tháng sau"); });
      document.querySelectorAll(".dash-datepicker-close-button[aria-label='Close calendar']")
        .forEach(function (button) { button.setAttribute("aria-label", "Đóng lịch"); });
    }
    // A table wider than the screen scrolls in its box: keyboard users must reach it too.
    document.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", english() ? "Table (scrolls sideways)" : "Bảng (cuộn ngang)");
      }
    });
    // dcc.Upload's file input has no label and no prop to give it one: it is named by the
    // words of the box around it ("Choose an Excel file (.xlsx)").
    document.querySelectorAll("input[type='file']:not([aria-label])").forEach(function (input) {
      var box = input.parentElement;
      var words = box ? (box.innerText || box.textContent).trim().replace(/\s+/g, " ") : "";
      if (words) { input.setAttribute("aria-label", words); }
    });
    // A tab that points to a panel that is not in the page points nowhere.
    document.querySelectorAll("[role='tab'][aria-controls]").forEach(function (tab) {
      if (!document.getElementById(tab.getAttribute("aria-controls"))) { tab.removeAttribute("aria-controls"); }
    });
  }

  var pending = false;
  function soon() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    repair();
    new MutationObserver(soon).observe(document.body, {childList: true, subtree: true});
  });
})();
