// Progressive enhancement: filter the findings by severity and rule. Without
// JavaScript the controls stay hidden and every finding is shown.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var status = document.getElementById("filter-status");
  if (!form || !status) { return; }
  form.hidden = false;
  function apply() {
    var wanted = {};
    form.querySelectorAll("input[name=severity]").forEach(function (box) { wanted[box.value] = box.checked; });
    var rule = form.querySelector("select[name=rule]").value;
    var shown = 0, total = 0;
    document.querySelectorAll("[data-severity]").forEach(function (item) {
      var visible = wanted[item.getAttribute("data-severity")] === true &&
        (rule === "" || item.getAttribute("data-rule") === rule);
      item.hidden = !visible;
      if (item.classList.contains("finding")) { total += 1; if (visible) { shown += 1; } }
    });
    document.querySelectorAll(".rule-group").forEach(function (group) {
      group.hidden = group.querySelector(".finding:not([hidden])") === null;
    });
    status.textContent = "Showing " + shown + " of " + total + " findings.";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (details) { details.open = true; });
  });
  apply();
})();
