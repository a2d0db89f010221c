// On a phone (site.css, max-width: 640px) a list's filter form is a screen of empty boxes above
// the list it filters: its fields fold behind its button until opened — unless a filter is
// set, so that what filters the list stays in sight. Its row of buttons (查询, 导出 Excel,
// 新增项目…) stays. The button's two labels come translated from the
// template (includes/filter_form.html); without this script the form stays as it is.
(function () {
  "use strict";

  if (!window.matchMedia("(max-width: 640px)").matches) {
    return;
  }

  // A visible field with a value: a text box not blank, a choice other than its first (全部).
  function filtered(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") {
        return false;
      }
      if (field.tagName === "SELECT") {
        return field.multiple ? field.selectedOptions.length > 0 : field.selectedIndex > 0;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked;
      }
      return typeof field.value === "string" && field.value.trim() !== "";
    });
  }

  document.querySelectorAll("[data-filter-toggle]").forEach(function (button, index) {
    var form = button.nextElementSibling;
    if (!form || form.tagName !== "FORM") {
      return;
    }
    form.id = form.id || "filters-" + index;
    button.setAttribute("aria-controls", form.id);

    function show(open) {
      form.classList.toggle("folded", !open);
      button.setAttribute("aria-expanded", String(open));
      button.textContent = open ? button.dataset.hide : button.dataset.show;
    }

    button.hidden = false;
    show(filtered(form));
    button.addEventListener("click", function () {
      show(form.classList.contains("folded"));
    });
  });
})();
