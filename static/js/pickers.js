// Searchable pickers (Tom Select, vendored in static/vendor/tom-select). Fields that choose units,
// leaders or people carry data-picker and all their options. A field choosing among tens of
// thousands (a project, an enterprise) is data-picker="remote" and carries only the chosen
// option: its options are asked of data-picker-url as the user types
// (yingkou/choice_sources.py), and on focus. A field following another (data-picker-follows: a
// unit's people follow the unit) carries the options of that field's choice, and asks
// data-picker-url for the new choice's options when it changes.
(function () {
  "use strict";

  var NO_RESULTS = '<div class="no-results">没有匹配的选项</div>';

  // The choices endpoint's answer (yingkou/choice_sources.py), as the signed-in user.
  function ask(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    });
  }

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
        ask(url + "?q=" + encodeURIComponent(query))
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
      // The plugin's own button is titled "Remove", read out and shown on hover.
      plugins: multiple ? { remove_button: { title: "移除" } } : [],
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

  function follow(select, picker) {
    var name = select.getAttribute("data-picker-follows");
    var followed = select.form && select.form.elements.namedItem(name);
    if (!followed) {
      return;
    }
    var url = select.getAttribute("data-picker-url");
    var empty = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === "") {
        empty.push({ value: "", text: option.text });
      }
    });
    var asked = 0;
    followed.addEventListener("change", function () {
      var mine = ++asked;
      // The previous choice's options (and the person chosen among them) are no answer now.
      picker.clear(true);
      picker.clearOptions();
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (option.value !== "") {
          select.removeChild(option);
        }
      });
      picker.addOptions(empty);
      picker.refreshOptions(false);
      if (!followed.value) {
        return;
      }
      ask(url + "?" + encodeURIComponent(name) + "=" + encodeURIComponent(followed.value))
        .then(function (data) {
          if (mine !== asked) {
            return; // an older answer arriving after a newer one is dropped
          }
          picker.addOptions(data.results);
          picker.refreshOptions(false);
        })
        .catch(function () {
          // Nothing to offer: the form, sent, is drawn again with the chosen unit's options.
        });
    });
  }

  // A required picker left empty is refused by the browser at its select, which Tom Select hides:
  // the browser's message pointed at the page's corner and the focus went to nothing visible.
  // The picker says it itself, above its box, and keeps the mark until something is chosen.
  function missing(picker, marked) {
    var input = picker.control_input;
    var id = picker.inputId + "-missing";
    var note = document.getElementById(id);
    if (!note) {
      note = document.createElement("ul");
      note.id = id;
      note.className = "errorlist"; // as the server says it
      note.appendChild(document.createElement("li")).textContent = "请选择此项";
      picker.input.before(note); // the select is hidden: the note stands above the box
      picker.input.addEventListener("change", function () {
        if (picker.input.validity.valid) {
          missing(picker, false);
        }
      });
    }
    note.hidden = !marked;
    picker.wrapper.classList.toggle("missing", marked);
    if (marked) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }

  // Focused as the browser focuses a field it refuses, with the list closed: opened, it lay
  // under the pointer that had just pressed the button, and a second click picked an option.
  function focusClosed(picker) {
    var settings = picker.settings;
    var kept = { openOnFocus: settings.openOnFocus, preload: settings.preload };
    settings.openOnFocus = false;
    settings.preload = false;
    picker.focus(); // Tom Select reads both settings on its next turn, before ours below
    setTimeout(function () {
      settings.openOnFocus = kept.openOnFocus;
      settings.preload = kept.preload;
    }, 0);
  }

  function firstInvalid(form) {
    return Array.prototype.find.call(form.elements, function (field) {
      return field.willValidate && !field.validity.valid;
    });
  }

  // "invalid" does not bubble: it is caught on its way down, for every form of the page.
  document.addEventListener(
    "invalid",
    function (event) {
      var form = event.target.form;
      var first = form && firstInvalid(form);
      if (!first || !first.tomselect) {
        return; // a plain field first: the browser reports it itself
      }
      // One field at a time, as the browser does: the others are reported once this is chosen.
      event.preventDefault();
      if (event.target === first) {
        missing(first.tomselect, true);
        focusClosed(first.tomselect);
      }
    },
    true
  );

  function activate() {
    if (typeof window.TomSelect === "undefined") {
      return; // the plain select still works
    }
    document.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) {
        return;
      }
      var settings =
        select.getAttribute("data-picker") === "remote" ? remote(select) : local(select);
      var picker = new window.TomSelect(select, settings);
      if (select.hasAttribute("data-picker-follows")) {
        follow(select, picker);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", activate);
  } else {
    activate();
  }
})();
