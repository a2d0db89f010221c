// On a phone (site.css, max-width: 640px) a table with a header row is read as one card per row,
// each cell a line led by its column's name. The names are the header's own text, copied here
// into each cell's data-label so that no template repeats them; without this script the table
// keeps its columns and scrolls inside itself.
document.querySelectorAll("main table").forEach(function (table) {
  var head = table.tHead && table.tHead.rows[0];
  // A table of two columns (a setting and its box) fits a phone as it is.
  if (!head || head.cells.length < 3 || !table.tBodies.length) {
    return;
  }
  var labels = Array.prototype.map.call(head.cells, function (th) {
    var copy = th.cloneNode(true);
    // The sort arrow (▲ ▼) is the header's state, not its name.
    copy.querySelectorAll("[aria-hidden=true]").forEach(function (mark) {
      mark.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  });
  // A table shown as blocks loses its table semantics in some screen readers: name them.
  table.setAttribute("role", "table");
  table.tHead.setAttribute("role", "rowgroup");
  Array.prototype.forEach.call(head.cells, function (th) {
    th.setAttribute("role", "columnheader");
  });
  head.setAttribute("role", "row");
  Array.prototype.forEach.call(table.tBodies, function (body) {
    body.setAttribute("role", "rowgroup");
    Array.prototype.forEach.call(body.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        cell.setAttribute("role", "cell");
        // A cell across every column (a list's "nothing found") has no one column's name.
        if (cell.colSpan === 1 && labels[index]) {
          cell.setAttribute("data-label", labels[index]);
        }
      });
    });
  });
  table.classList.add("cards");
});
