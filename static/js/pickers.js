// Unit and leader pickers: a searchable box instead of a drop-down of some 66 units (Tom Select,
// vendored in static/vendor/tom-select). Fields that choose units or leaders carry data-picker.
(function () {
  "use strict";

  function activate() {
    if (typeof window.TomSelect === "undefined") {
      return; // the plain select still works
    }
    document.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) {
        return;
      }
      var multiple = select.multiple;
      new window.TomSelect(select, {
        plugins: multiple ? ["remove_button"] : [],
        maxOptions: null,
        allowEmptyOption: true,
        create: false,
        placeholder: multiple ? "输入名称查找，可多选" : "输入名称查找",
        render: {
          no_results: function () {
            return '<div class="no-results">没有匹配的选项</div>';
          },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", activate);
  } else {
    activate();
  }
})();
