// Searchable pickers (Tom Select, vendored in static/vendor/tom-select). Fields that choose units
// or leaders carry data-picker and all their options. A field choosing among tens of thousands
// (a project, an enterprise) carries data-picker-url and only the chosen option: its options are
// asked of that address as the user types (yingkou/choice_sources.py), and on focus.
(function () {
  "use strict";

  var NO_RESULTS = '<div class="no-results">没有匹配的选项</div>';

  function remote(select) {
    var url = select.getAttribute("data-picker-url");
    var asked = 0;
    return {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: null,
      allowEmptyOption: false, // "---------" is not one of the answers
      create: false,
      preload: "focus",
      loadThrottle: 250,
      placeholder: "输入名称或代码查找",
      // The server has matched the text already: keep its answer and its order.
      score: function () {
        return function () {
          return 1;
        };
      },
      shouldLoad: function () {
        return true;
      },
      load: function (query, callback) {
        var self = this;
        var mine = ++asked;
        fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(response.status);
            }
            return response.json();
          })
          .then(function (data) {
            if (mine !== asked) {
              callback(); // an older answer arriving after a newer one is dropped
              return;
            }
            // Only this answer is offered (the chosen option stays), and every text is asked
            // again when typed again: Tom Select would otherwise keep what it loaded for it.
            self.clearOptions();
            self.loadedSearches = {};
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function () {
          return NO_RESULTS;
        },
        loading: function () {
          return '<div class="no-results">正在查找…</div>';
        },
      },
    };
  }

  function local(select) {
    var multiple = select.multiple;
    return {
      plugins: multiple ? ["remove_button"] : [],
      maxOptions: null,
      allowEmptyOption: true,
      create: false,
      placeholder: multiple ? "输入名称查找，可多选" : "输入名称查找",
      render: {
        no_results: function () {
          return NO_RESULTS;
        },
      },
    };
  }

  function activate() {
    if (typeof window.TomSelect === "undefined") {
      return; // the plain select still works
    }
    document.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) {
        return;
      }
      var settings = select.hasAttribute("data-picker-url") ? remote(select) : local(select);
      new window.TomSelect(select, settings);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", activate);
  } else {
    activate();
  }
})();
