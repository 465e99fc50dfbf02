// The usage dashboard: reads the gateway's spend reports with the key the user signed in with and draws them.
// No data lives in the page; a tenant's key gets only its own tenant's rows from the API.
(function () {
  "use strict";
  const KEY = "llm-router-key";
  const $ = (id) => document.getElementById(id);
  const charts = {};
  const palette = ["#3e63dd", "#12b76a", "#f79009", "#d92d20", "#7a5af8", "#06aed4", "#ee46bc", "#667085",
    "#84cc16", "#b54708"];

  function key() { return sessionStorage.getItem(KEY); }

  async function api(path) {
    const r = await fetch(path, { headers: { "Authorization": "Bearer " + key() } });
    if (r.status === 401) { throw new AuthError("The key was not accepted."); }
    const body = await r.json().catch(() => ({}));
    if (!r.ok) { throw new Error((body.error && body.error.message) || ("HTTP " + r.status)); }
    return body;
  }

  class AuthError extends Error {}

  /** Every page of a report. */
  async function all(path) {
    const rows = [];
    let page = 1, totals = null, pages = 1;
    do {
      const r = await api(path + (path.includes("?") ? "&" : "?") + "page_size=1000&page=" + page);
      rows.push(...r.data);
      totals = r.totals;
      pages = r.total_pages;
      page++;
    } while (page <= pages);
    return { rows, totals };
  }

  const usd = (v) => "$" + (v >= 1 ? v.toFixed(2) : v >= 0.01 ? v.toFixed(4) : v.toFixed(6));
  const int = (v) => Math.round(v).toLocaleString("en-US");
  const pct = (v) => (100 * v).toFixed(1) + "%";

  function days(from, to) {
    const out = [];
    for (let d = new Date(from + "T00:00:00Z"); d <= new Date(to + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1)) {
      out.push(d.toISOString().slice(0, 10));
    }
    return out;
  }

  function draw(id, config) {
    if (charts[id]) { charts[id].destroy(); }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } }, config.options || {});
    charts[id] = new Chart($(id), config);
  }

  /** Rows summed by day and by one field: {field value -> [per day]}, the biggest {@code top} kept. */
  function byDay(rows, field, axis, top) {
    const totals = new Map(), series = new Map();
    for (const r of rows) {
      const name = r[field] == null ? "(master key)" : r[field];
      if (!series.has(name)) { series.set(name, new Array(axis.length).fill(0)); totals.set(name, 0); }
      const i = axis.indexOf(r.date);
      if (i >= 0) { series.get(name)[i] += Number(r.spend); }
      totals.set(name, totals.get(name) + Number(r.spend));
    }
    return [...series.entries()].sort((a, b) => totals.get(b[0]) - totals.get(a[0])).slice(0, top);
  }

  function fill(tableId, rows) {
    const body = $(tableId).querySelector("tbody");
    body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement("tr");
      for (const c of cells) {
        const td = document.createElement("td");
        if (c && typeof c === "object") { td.textContent = c.text; td.className = c.cls || ""; }
        else { td.textContent = c; }
        tr.appendChild(td);
      }
      return tr;
    }));
  }

  function group(rows, keyOf) {
    const m = new Map();
    for (const r of rows) {
      const k = keyOf(r);
      const g = m.get(k) || { requests: 0, failures: 0, spend: 0, tokens: 0, row: r };
      g.requests += r.requests; g.failures += r.failures; g.spend += Number(r.spend);
      g.tokens += r.input_tokens + r.output_tokens;
      m.set(k, g);
    }
    return m;
  }

  async function load() {
    const from = $("from").value, to = $("to").value;
    $("status").textContent = "Loading " + from + " to " + to + "…";
    const { rows, totals } = await all("/global/spend/report?start_date=" + from + "&end_date=" + to);
    const axis = days(from, to);

    const spend = Number(totals.spend);
    $("total-spend").dataset.value = String(totals.spend);
    $("total-spend").textContent = usd(spend);
    $("total-requests").dataset.value = String(totals.requests);
    $("total-requests").textContent = int(totals.requests);
    $("total-tokens").dataset.input = String(totals.input_tokens);
    $("total-tokens").dataset.output = String(totals.output_tokens);
    $("total-tokens").textContent = int(totals.input_tokens) + " / " + int(totals.output_tokens);
    $("error-rate").textContent = totals.requests ? pct(totals.failures / totals.requests) : "–";
    const hits = rows.reduce((s, r) => s + r.cache_hits, 0);
    $("cache-rate").textContent = totals.requests ? pct(hits / totals.requests) : "–";

    const stacked = { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } };
    draw("chart-tenant-spend", { type: "bar", data: { labels: axis, datasets: byDay(rows, "team_id", axis, 10)
      .map(([name, data], i) => ({ label: name, data, backgroundColor: palette[i % palette.length] })) },
      options: stacked });
    draw("chart-key-spend", { type: "line", data: { labels: axis, datasets: byDay(rows, "key_id", axis, 8)
      .map(([name, data], i) => ({ label: name, data, borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length], tension: 0 })) },
      options: { scales: { y: { beginAtZero: true } } } });

    const models = [...group(rows, (r) => r.model).entries()].sort((a, b) => b[1].requests - a[1].requests);
    draw("chart-models", { type: "doughnut", data: { labels: models.map((m) => m[0]), datasets: [{
      data: models.map((m) => m[1].requests), backgroundColor: models.map((_, i) => palette[i % palette.length]) }] } });

    const perDay = axis.map((d) => rows.filter((r) => r.date === d));
    const requests = perDay.map((rs) => rs.reduce((s, r) => s + r.requests, 0));
    const errors = perDay.map((rs, i) => requests[i] ? rs.reduce((s, r) => s + r.failures, 0) / requests[i] : 0);
    draw("chart-requests", { data: { labels: axis, datasets: [
      { type: "bar", label: "requests", data: requests, backgroundColor: palette[0], yAxisID: "y" },
      { type: "line", label: "error rate", data: errors, borderColor: palette[3], backgroundColor: palette[3],
        yAxisID: "errors" }] },
      options: { scales: { y: { beginAtZero: true }, errors: { position: "right", min: 0, max: 1,
        ticks: { callback: (v) => pct(v) }, grid: { drawOnChartArea: false } } } } });

    const keys = [...group(rows, (r) => r.key_id + "\u0000" + r.team_id).values()]
      .sort((a, b) => b.spend - a.spend).slice(0, 10);
    fill("top-keys", keys.map((g) => [g.row.key_id == null ? "(master key)" : g.row.key_id,
      g.row.team_id == null ? "–" : g.row.team_id, int(g.requests), usd(g.spend)]));
    fill("top-models", models.slice(0, 10).map(([name, g]) => [name, int(g.requests), int(g.tokens), usd(g.spend)]));

    try {
      const info = await api("/model/info");
      fill("deployments", info.data.map((d) => [d.model_info.id, d.model_name, d.model_info.provider,
        d.litellm_params.model, d.model_info.cooling_down ? { text: "cooling down", cls: "state-cool" }
          : { text: "healthy", cls: "state-ok" }]));
    } catch (e) {
      fill("deployments", [["Shown to the master key only", "", "", "", ""]]);
    }
    $("status").textContent = "UTC days " + from + " to " + to + ": " + int(totals.requests) + " requests in "
      + rows.length + " day × tenant × key × model rows.";
    document.body.dataset.loaded = "true";
  }

  async function show() {
    $("login").hidden = true;
    $("dashboard").hidden = false;
    $("period").hidden = false;
    try {
      await load();
    } catch (e) {
      if (e instanceof AuthError) { signOut(e.message); } else { $("status").textContent = "Could not load: " + e.message; }
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    delete document.body.dataset.loaded;
    $("dashboard").hidden = true;
    $("period").hidden = true;
    $("login").hidden = false;
    $("login-error").hidden = !message;
    $("login-error").textContent = message || "";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const today = new Date().toISOString().slice(0, 10);
    const weekAgo = new Date(Date.now() - 6 * 86400000).toISOString().slice(0, 10);
    $("from").value = weekAgo;
    $("to").value = today;
    $("login-form").addEventListener("submit", (e) => {
      e.preventDefault();
      sessionStorage.setItem(KEY, $("key").value.trim());
      $("key").value = "";
      show();
    });
    $("period").addEventListener("submit", (e) => { e.preventDefault(); show(); });
    $("signout").addEventListener("click", () => signOut());
    if (key()) { show(); }
  });
})();
