/* The join page: the organization list shows only the chosen group's organizations. Without
 * JavaScript the whole list is shown, grouped under each stakeholder group. */
(function () {
  "use strict";
  var form = document.querySelector("[data-join-form]");
  if (!form) return;
  var group = form.querySelector("[name=group_id]");
  var select = form.querySelector("[data-organizations]");
  if (!group || !select) return;

  function filter() {
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (optgroup) {
      var shown = optgroup.getAttribute("data-group") === group.value;
      optgroup.hidden = !shown;
      optgroup.disabled = !shown;
    });
    var chosen = select.options[select.selectedIndex];
    if (chosen && chosen.parentNode.disabled) select.value = "0";
  }

  group.addEventListener("change", filter);
  filter();
})();
