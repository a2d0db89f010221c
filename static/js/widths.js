// Bar widths from data-width: the Content-Security-Policy allows no inline style attribute, while
// setting a style from a same-origin script is allowed.
document.querySelectorAll("[data-width]").forEach(function (bar) {
  var width = parseFloat(bar.getAttribute("data-width"));
  if (!isNaN(width)) {
    bar.style.width = Math.max(0, Math.min(width, 100)) + "%";
  }
});
