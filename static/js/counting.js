// The home page's figures are being computed by the worker (yingkou/dashboard.py): ask for the
// page again in half a second; the server answers with the figures once they are kept, or computes
// them itself if the worker has not answered within its wait.
if (document.querySelector("[data-counting]")) {
  window.setTimeout(function () {
    window.location.reload();
  }, 500);
}
