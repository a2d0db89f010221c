// A form that registers something for "an existing project or a new one" shows only the fields of
// the chosen source (fields marked data-source="existing" or "new"); without the script all are
// shown and the server decides by the chosen source.
(function () {
  var radios = document.querySelectorAll("input[name=source]");
  if (!radios.length) {
    return;
  }
  function show() {
    var chosen = document.querySelector("input[name=source]:checked");
    var source = chosen ? chosen.value : "existing";
    document.querySelectorAll("[data-source]").forEach(function (input) {
      var row = input.closest(".form-row");
      if (row) {
        row.hidden = input.getAttribute("data-source") !== source;
      }
    });
  }
  radios.forEach(function (radio) {
    radio.addEventListener("change", show);
  });
  show();
})();
