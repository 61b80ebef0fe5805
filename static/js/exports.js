// Export job page: poll the job's status until the file is ready, then show the download link.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status]");
  if (!box) return;
  var label = box.querySelector("[data-export-label]");
  var bar = box.querySelector("[data-export-progress]");
  var ready = box.querySelector("[data-export-ready]");
  var link = box.querySelector("[data-export-download]");
  var reload = box.querySelector("[data-export-reload]");
  var INTERVAL_MS = 1500;

  function poll() {
    fetch(box.getAttribute("data-export-status"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        label.textContent = data.label;
        bar.value = data.progress;
        bar.textContent = (data.progress / 100).toLocaleString(document.documentElement.lang, {style: "percent"});
        if (data.state === "done") {
          link.href = data.download_url;
          ready.hidden = false;
          if (reload) reload.hidden = true;
        } else if (data.state === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () { window.setTimeout(poll, INTERVAL_MS * 2); });
  }
  if (!ready.hidden) return;
  if (reload) reload.hidden = true;
  window.setTimeout(poll, INTERVAL_MS);
})();
