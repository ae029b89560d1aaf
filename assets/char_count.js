// Text boxes never cut what is typed or pasted (the server refuses a text that is too long, in
// words): a counter under each box (class char-count, data-for = the box's id) shows its length
// against the limit, and turns red past it. Boxes a callback empties are recounted after it.
(function () {
  "use strict";

  function count(counter) {
    const box = document.getElementById(counter.dataset.for);
    if (!box) { return; }
    const length = box.value.length;
    const limit = Number(counter.dataset.limit);
    counter.textContent = length + " / " + limit;
    counter.classList.toggle("over", length > limit);
  }

  function countAll() {
    document.querySelectorAll(".char-count").forEach(count);
  }

  document.addEventListener("input", function (event) {
    const counter = event.target.id && document.querySelector(".char-count[data-for='" + event.target.id + "']");
    if (counter) { count(counter); }
  });

  const originalFetch = window.fetch;
  window.fetch = function () {
    return originalFetch.apply(this, arguments).then(function (response) {
      setTimeout(countAll, 100);  // once Dash has applied the answer
      return response;
    });
  };
})();
