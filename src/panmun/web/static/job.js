// Job page: poll the job's state until it is done or failed.
(function () {
  "use strict";
  var state = document.getElementById("job-state");
  if (!state) { return; }
  var bar = document.getElementById("job-progress");
  var labels = JSON.parse(state.dataset.labels || "{}");
  function poll() {
    fetch("/api/v1/jobs/" + state.dataset.job, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        state.dataset.state = job.state;
        state.textContent = (labels[job.state] || job.state) + (job.stage ? ": " + job.stage : "") + " (" + job.done + "/" + job.total + ")";
        bar.max = job.total; bar.value = job.state === "done" ? job.total : job.done;
        if (job.state === "done") { document.getElementById("job-links").hidden = false; return; }
        if (job.state === "failed") { state.textContent += " " + (job.error || ""); return; }
        setTimeout(poll, 1000);
      });
  }
  if (state.dataset.state !== "done" && state.dataset.state !== "failed") { poll(); }
})();
