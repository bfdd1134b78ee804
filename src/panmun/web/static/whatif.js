// What-if page: send the moved values to the API and show the answer beside the baseline.
(function () {
  "use strict";
  var root = document.getElementById("whatif");
  if (!root) { return; }
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var status = document.getElementById("whatif-status");
  var sliders = root.querySelectorAll('input[type="range"]');
  var timer = null;
  var sent = 0;

  function fmt(x, d) { return (x === null || x === undefined) ? "–" : Number(x).toFixed(d); }
  function pct(x) { return Math.round(100 * x) + " %"; }
  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); }

  function changes() {
    var out = [];
    sliders.forEach(function (s) {
      if (Number(s.value) !== Number(s.dataset.original)) {
        out.push({ actor: s.dataset.actor, issue: root.dataset.issue, field: s.dataset.field, value: Number(s.value) });
      }
    });
    return out;
  }

  function show(data) {
    var body = document.querySelector("#whatif-issues tbody");
    body.textContent = "";
    data.result.issues.forEach(function (r, k) {
      var b = data.baseline.issues[k];
      var tr = document.createElement("tr");
      cell(tr, r.name);
      cell(tr, fmt(r.feasible, 1) + " (" + fmt(r.feasible_band[0], 0) + "–" + fmt(r.feasible_band[1], 0) + ")");
      cell(tr, fmt(b.feasible, 1));
      cell(tr, fmt(r.unconstrained, 1));
      cell(tr, fmt(b.unconstrained, 1));
      cell(tr, pct(r.p_moves));
      body.appendChild(tr);
    });
    var pk = document.querySelector("#whatif-packages tbody");
    pk.textContent = "";
    var base = {};
    data.baseline.packages.forEach(function (p) { base[p.id] = p; });
    data.result.packages.forEach(function (p) {
      var tr = document.createElement("tr");
      cell(tr, p.name);
      cell(tr, pct(p.p_all_required));
      cell(tr, base[p.id] ? pct(base[p.id].p_all_required) : "–");
      cell(tr, fmt(p.shortfall_total, 3));
      pk.appendChild(tr);
    });
  }

  function run() {
    var mine = ++sent;
    status.textContent = root.dataset.busy || "…";
    fetch(root.dataset.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf ? csrf.content : "" },
      credentials: "same-origin",
      body: JSON.stringify({ changes: changes(), draws: Number(root.dataset.draws) })
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (mine !== sent) { return; }
      if (!res.ok) { status.textContent = (res.body.detail || []).join("; "); return; }
      status.textContent = "";
      show(res.body);
    }).catch(function (e) { status.textContent = String(e); });
  }

  sliders.forEach(function (s) {
    s.addEventListener("input", function () {
      s.nextElementSibling.textContent = Number(s.value).toFixed(2);
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
  });
  document.getElementById("whatif-reset").addEventListener("click", function () {
    sliders.forEach(function (s) { s.value = s.dataset.original; s.nextElementSibling.textContent = Number(s.value).toFixed(2); });
    run();
  });
  run();
})();
