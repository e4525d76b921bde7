(function () {
  "use strict";
  // Filters by severity, slot and story: hides findings (and stories, articles) that do not match.
  var severity = document.getElementById("f-severity");
  var slot = document.getElementById("f-slot");
  var story = document.getElementById("f-story");
  var shown = document.getElementById("shown");
  var total = Number(shown.getAttribute("data-total"));
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  function apply() {
    var count = 0;
    each(".finding", function (el) {
      var ok = (!severity.value || el.getAttribute("data-severity") === severity.value) &&
        (!slot.value || el.getAttribute("data-rule") === slot.value) &&
        (!story.value || el.getAttribute("data-story") === story.value);
      el.hidden = !ok;
      if (ok && !el.classList.contains("suppressed")) {
        count += 1;
      }
    });
    each(".story, .doc", function (el) {
      el.hidden = Boolean(story.value) && el.getAttribute("data-story") !== story.value;
    });
    shown.textContent = count === total ? total + " shown" : count + " of " + total + " shown";
  }
  [severity, slot, story].forEach(function (select) {
    select.addEventListener("change", apply);
  });
  apply();
})();
