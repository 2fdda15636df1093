// pdtsim protocol explorer: reads the presets and parameters from pdtsim serve's API, runs
// /api/simulate and /api/maintenance with the chosen overrides, and draws the answers with
// Chart.js 3 (Debian's libjs-chart.js, served as /vendor/chart.js). No other code is loaded.
"use strict";

/** The preset sections offered as choices: section name → the folder (presets kind) it comes from. */
const PRESET_SECTIONS = [
  ["cream", "creams", "Cream"],
  ["light", "lights", "Light"],
  ["skin", "skins", "Skin"],
  ["session", "sessions", "Session"],
  ["schedule", "schedules", "Schedule"],
];

/** The key parameters offered as inputs, in this order, when the protocol has them, with a short label. */
const KEY_PARAMETERS = [
  ["light.center_nm", "Wavelength (centre)"],
  ["light.irradiance_mW_per_cm2", "Irradiance"],
  ["light.fluence_J_per_cm2", "Fluence per session"],
  ["light.duration_s", "Light-on time per session"],
  ["session.incubation_s", "Incubation"],
  ["schedule.initial_sessions", "Sessions in the initial series"],
  ["schedule.spacing_days", "Spacing of the initial sessions"],
  ["schedule.maintenance_interval_days", "Maintenance interval (0 = none)"],
  ["schedule.horizon_days", "Days followed"],
];

/** Timeline columns drawn, with their axis: percent on the left, relative to baseline on the right. */
const TIMELINE_SERIES = [
  ["pore_reduction_percent", "Pore reduction (%)", "percent", "#1f5fbf"],
  ["sebum_relative", "Sebum (relative to baseline)", "relative", "#d98b00"],
  ["inflammatory_lesions_relative", "Inflammatory lesions (relative)", "relative", "#a4161a"],
];

/** Depth-profile columns drawn: concentrations in µM on the left, the fluence factor on the right. */
const DEPTH_SERIES = [
  ["dose_uM", "Singlet-oxygen dose (µM)", "uM", "#a4161a"],
  ["ppix_at_light_on_uM", "PpIX at light on (µM)", "uM", "#6a3d9a"],
  ["ppix_at_light_off_uM", "PpIX at light off (µM)", "uM", "#b39ddb"],
  ["min_oxygen_uM", "Lowest O₂ (µM)", "uM", "#1b9e77"],
  ["fluence_factor", "Fluence factor (1)", "factor", "#d98b00"],
];

const state = {
  presets: {},
  /** The parameters of the protocol with the chosen presets, as /api/parameters answered them. */
  parameters: [],
  /** The preset each section had in the protocol itself. */
  protocolPresets: {},
  /** The request of the last simulation shown (for the CSV downloads). */
  lastRequest: null,
  lastMaintenance: null,
  running: false,
  pending: false,
  charts: {},
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------
// Talking to the API

/** JSON from the API; an error answer becomes an Error carrying the API's one-line message. */
async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new Error(`${path}: the server did not answer (${error.message}); is pdtsim serve still running?`);
  }
  if (!response.ok) {
    let message = `${path}: HTTP ${response.status}`;
    try {
      const answer = await response.json();
      if (answer && answer.error) message = answer.error;
    } catch (_) { /* not JSON: keep the status line */ }
    if (response.status === 503) message += " (the server is busy; try again in a moment)";
    throw new Error(message);
  }
  return body !== undefined && path.endsWith("/csv") ? response.blob() : response.json();
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function setStatus(message) { $("status").textContent = message; }

// ---------------------------------------------------------------------------------------------
// Controls

function option(value, text, title) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = text;
  if (title) element.title = title;
  return element;
}

function fillPresetControls() {
  const select = $("protocol");
  for (const entry of state.presets.protocols || []) {
    select.append(option(entry.name, entry.name, entry.description));
  }
  const holder = $("preset-fields");
  for (const [section, kind, label] of PRESET_SECTIONS) {
    const entries = state.presets[kind];
    if (!entries || entries.length === 0) continue;
    const field = document.createElement("div");
    field.className = "field";
    const id = `preset-${section}`;
    field.innerHTML = `<label for="${id}"></label><select id="${id}" data-section="${section}"></select>`;
    field.querySelector("label").textContent = label;
    const choices = field.querySelector("select");
    for (const entry of entries) choices.append(option(entry.name, entry.name, entry.description));
    choices.addEventListener("change", () => loadParameters(true));
    holder.append(field);
  }
}

/** The presets chosen that differ from the protocol's own, as `set` entries (skin=fitzpatrick-5-6). */
function presetOverrides() {
  const set = {};
  for (const select of document.querySelectorAll("#preset-fields select")) {
    const section = select.dataset.section;
    if (select.value && select.value !== state.protocolPresets[section]) set[section] = select.value;
  }
  return set;
}

/** The key parameters whose input differs from the value the protocol (with its presets) has. */
function parameterOverrides() {
  const set = {};
  for (const input of document.querySelectorAll("#parameter-fields input")) {
    if (input.value.trim() === "") continue;
    const value = Number(input.value);
    if (value !== Number(input.dataset.original)) set[input.name] = value;
  }
  return set;
}

function formatNumber(value) {
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

function renderParameters() {
  const holder = $("parameter-fields");
  holder.replaceChildren();
  const rows = new Map(state.parameters.map((row) => [row.key, row]));
  for (const [key, label] of KEY_PARAMETERS) {
    const row = rows.get(key);
    if (!row || typeof row.value !== "number") continue;
    const id = `parameter-${key.replace(/\./g, "-")}`;
    const unit = row.unit && row.unit !== "1" ? row.unit : "";
    const range = [row.min, row.max].every((x) => x !== null && x !== undefined)
      ? `range ${formatNumber(row.min)} to ${formatNumber(row.max)}${unit ? " " + unit : ""}`
      : row.expected || "";
    const field = document.createElement("div");
    field.className = "field";
    field.innerHTML =
      `<label for="${id}"><span class="name"></span> <span class="unit"></span></label>` +
      `<input id="${id}" type="number" step="any" inputmode="decimal" aria-describedby="${id}-hint">` +
      `<p class="hint" id="${id}-hint"></p>`;
    field.querySelector(".name").textContent = label;
    field.querySelector(".unit").textContent = unit ? `(${unit})` : "";
    field.querySelector(".hint").textContent = `${key}: ${row.meaning}; ${range}`;
    const input = field.querySelector("input");
    input.name = key;
    input.value = String(row.value);
    input.dataset.original = String(row.value);
    if (row.min !== null && row.min !== undefined) input.min = String(row.min);
    if (row.max !== null && row.max !== undefined) input.max = String(row.max);
    if (row.kind === "integer") input.step = "1";
    input.addEventListener("input", scheduleRun);
    holder.append(field);
  }
}

function capitalise(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

/** Asks /api/parameters for the protocol with the chosen presets; keepPresets false resets them. */
async function loadParameters(keepPresets) {
  const protocol = $("protocol").value;
  const set = keepPresets ? presetOverrides() : {};
  const query = new URLSearchParams({ protocol });
  for (const [key, value] of Object.entries(set)) query.append("set", `${key}=${value}`);
  showError("");
  try {
    const own = await api(`/api/parameters?${new URLSearchParams({ protocol })}`);
    const chosen = Object.keys(set).length ? await api(`/api/parameters?${query}`) : null;
    state.protocolPresets = presetsOf(own.parameters);
    state.parameters = (chosen || own).parameters;
    const current = presetsOf(state.parameters);
    for (const select of document.querySelectorAll("#preset-fields select")) {
      select.value = current[select.dataset.section] || "";
    }
    renderParameters();
    if ($("auto").checked || !document.body.dataset.runs) runSoon(0);
  } catch (error) {
    showError(error.message);
  }
}

/** Section → its preset name, from the `preset` field of the parameter rows. */
function presetsOf(parameters) {
  const presets = {};
  for (const row of parameters) {
    const section = row.key.split(".")[0];
    if (row.preset) presets[section] = row.preset;
  }
  return presets;
}

function intervals() {
  const text = $("intervals").value.trim();
  if (!/^\d+(\s*,\s*\d+)*$/.test(text)) {
    throw new Error(`maintenance intervals: '${text}'; expected whole numbers of days separated by commas, e.g. 0,30,60`);
  }
  return text.split(",").map((part) => Number(part.trim()));
}

// ---------------------------------------------------------------------------------------------
// Running

let timer = null;

function scheduleRun() {
  if ($("auto").checked) runSoon(700);
}

function runSoon(delay) {
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

/** One simulation and one maintenance comparison at a time; a change meanwhile runs again after. */
async function run() {
  if (state.running) {
    state.pending = true;
    return;
  }
  let request;
  let maintenance;
  try {
    for (const input of document.querySelectorAll("#parameter-fields input")) {
      if (!input.checkValidity()) {
        throw new Error(`${input.name}: '${input.value}'; expected a number from ${input.min} to ${input.max}`);
      }
    }
    request = { protocol: $("protocol").value, set: { ...presetOverrides(), ...parameterOverrides() } };
    maintenance = { ...request, intervals: intervals() };
  } catch (error) {
    showError(error.message);
    return;
  }
  state.running = true;
  state.pending = false;
  $("simulate").disabled = true;
  document.body.setAttribute("aria-busy", "true");
  showError("");
  const started = performance.now();
  try {
    setStatus("Simulating…");
    const simulation = await api("/api/simulate", request);
    state.lastRequest = request;
    drawSimulation(simulation);
    setStatus("Comparing maintenance intervals…");
    const comparison = await api("/api/maintenance", maintenance);
    state.lastMaintenance = maintenance;
    drawMaintenance(comparison, horizonDays());
    renderDownloads();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    setStatus(`Done in ${seconds} s: ${describe(request)}.`);
    document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
  } catch (error) {
    setStatus("");
    showError(error.message);
  } finally {
    state.running = false;
    $("simulate").disabled = false;
    document.body.removeAttribute("aria-busy");
    if (state.pending) runSoon(0);
  }
}

function describe(request) {
  const set = Object.entries(request.set).map(([key, value]) => `${key}=${value}`);
  return request.protocol + (set.length ? ` with ${set.join(", ")}` : "");
}

function horizonDays() {
  const input = document.querySelector('#parameter-fields input[name="schedule.horizon_days"]');
  if (input) return Number(input.value);
  const row = state.parameters.find((r) => r.key === "schedule.horizon_days");
  return row ? row.value : 365;
}

// ---------------------------------------------------------------------------------------------
// Drawing

/** Draws the session days as dashed vertical lines (options.plugins.sessionLines.days). */
const sessionLines = {
  id: "sessionLines",
  afterDatasetsDraw(chart, _args, options) {
    const days = options.days || [];
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.strokeStyle = "rgba(60, 60, 60, 0.45)";
    ctx.setLineDash([4, 4]);
    for (const day of days) {
      const x = scales.x.getPixelForValue(day);
      if (x < chartArea.left || x > chartArea.right) continue;
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
};

function lineChart(canvas, axes, plugins) {
  const scales = { x: { type: "linear", title: { display: true, text: axes.x } } };
  for (const [id, axis] of Object.entries(axes.y)) {
    scales[id] = { type: axis.type || "linear", position: axis.position, title: { display: true, text: axis.title },
      grid: { drawOnChartArea: axis.position === "left" } };
    if (axis.min !== undefined) scales[id].min = axis.min;
    if (scales[id].type === "logarithmic") {
      const decade = (value) => Math.abs(Math.log10(value) - Math.round(Math.log10(value))) < 1e-9;
      scales[id].ticks = { callback: (value) => (decade(value) ? formatNumber(value) : "") };
    }
  }
  return new Chart(canvas, {
    type: "line",
    data: { datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      elements: { point: { radius: 0 }, line: { borderWidth: 2 } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } }, sessionLines: { days: [] } },
      scales,
    },
    plugins: plugins || [],
  });
}

function charts() {
  if (!state.charts.timeline) {
    state.charts.timeline = lineChart($("timeline-chart"), {
      x: "Day",
      y: { percent: { position: "left", title: "Pore reduction (%)" },
           relative: { position: "right", title: "Relative to baseline", min: 0 } },
    }, [sessionLines]);
    state.charts.depth = lineChart($("depth-chart"), {
      x: "Depth (mm)",
      y: { uM: { position: "left", title: "µM (log scale)", type: "logarithmic", min: 1e-3 }, factor: { position: "right", title: "Fluence factor", min: 0 } },
    });
    state.charts.maintenance = new Chart($("maintenance-chart"), {
      type: "scatter",
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 14 } },
          tooltip: { callbacks: { label: (item) => maintenanceLabel(item.raw) } },
        },
        scales: {
          x: { type: "linear", title: { display: true, text: "Sessions per year" } },
          y: { type: "linear", title: { display: true, text: "Mean pore reduction (%)" } },
        },
      },
    });
  }
  return state.charts;
}

function points(xs, ys, scale) {
  const out = [];
  for (let i = 0; i < xs.length; i++) {
    if (ys[i] === null || xs[i] === null) continue;
    out.push({ x: xs[i] * (scale || 1), y: ys[i] });
  }
  return out;
}

function drawSimulation(answer) {
  const { timeline: timelineChart, depth: depthChart } = charts();
  const timeline = answer.timeline;
  const days = timeline.day;
  const sessionDays = answer.sessions.map((s) => s.day);
  const datasets = TIMELINE_SERIES.filter(([column]) => timeline[column]).map(([column, label, axis, color]) => ({
    label, yAxisID: axis, borderColor: color, backgroundColor: color, data: points(days, timeline[column]),
    pdtColumn: column,
  }));
  const reduction = timeline.pore_reduction_percent;
  datasets.push({
    label: "Session", type: "scatter", yAxisID: "percent", pdtColumn: "session",
    data: sessionDays.map((day) => ({ x: day, y: reduction ? reduction[days.indexOf(day)] : 0 })),
    pointStyle: "triangle", pointRadius: 7, borderColor: "#222", backgroundColor: "#222",
  });
  timelineChart.data.datasets = datasets;
  timelineChart.options.plugins.sessionLines.days = sessionDays;
  timelineChart.update();

  const depth = answer.depth;
  if (depth && depth.depth_cm) {
    depthChart.data.datasets = DEPTH_SERIES.filter(([column]) => depth[column]).map(([column, label, axis, color]) => ({
      label, yAxisID: axis, borderColor: color, backgroundColor: color,
      data: points(depth.depth_cm, depth[column], 10).filter((p) => axis !== "uM" || p.y > 0),
      pdtColumn: column,
    }));
  } else {
    depthChart.data.datasets = [];
  }
  depthChart.update();
  renderReadouts(answer.summary);
}

/** The summary's readouts: every top-level number, whole number or flag (not the nested records). */
function renderReadouts(summary) {
  const body = $("readouts").querySelector("tbody");
  body.replaceChildren();
  for (const [key, value] of Object.entries(summary)) {
    if (!["number", "boolean"].includes(typeof value)) continue;
    const [label, unit] = readoutLabel(key);
    const row = document.createElement("tr");
    row.dataset.key = key;
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = label;
    name.title = key;
    const cell = document.createElement("td");
    cell.className = typeof value === "number" ? "number" : "";
    cell.dataset.value = String(value);
    cell.textContent = typeof value === "boolean" ? (value ? "yes" : "no") : formatNumber(value);
    const unitCell = document.createElement("td");
    unitCell.textContent = unit;
    row.append(name, cell, unitCell);
    body.append(row);
  }
}

/** A readout's name without its unit suffix, and the unit (the unit is part of every readout name). */
function readoutLabel(key) {
  const [label, unit] = readoutParts(key);
  return [label.replace(/\bppix\b/g, "PpIX"), unit];
}

function readoutParts(key) {
  const suffixes = [["_J_per_cm2", "J/cm²"], ["_percent", "%"], ["_days", "d"]];
  for (const [suffix, unit] of suffixes) {
    if (key.endsWith(suffix)) return [capitalise(key.slice(0, -suffix.length).replace(/_/g, " ")), unit];
  }
  if (key.endsWith("_day") || key === "peak_day" || key === "evaluation_day") return [capitalise(key.replace(/_/g, " ")), "day"];
  return [capitalise(key.replace(/_/g, " ")), ""];
}

function maintenanceLabel(point) {
  const every = point.interval === 0 ? "no maintenance" : `every ${point.interval} d`;
  return `${every}: ${formatNumber(point.x)} sessions/year, mean reduction ${formatNumber(point.y)} %`;
}

/** maintenance.csv as JSON ({"columns", "rows"}): mean reduction against sessions per year. */
function drawMaintenance(table, horizon) {
  const { maintenance: chart } = charts();
  const column = (name) => table.columns.indexOf(name);
  const [interval, sessions, mean, minimum] =
    ["maintenance_interval_days", "sessions", "mean_reduction_percent", "min_reduction_percent"].map(column);
  const current = Number((document.querySelector(
    '#parameter-fields input[name="schedule.maintenance_interval_days"]') || {}).value);
  const rows = table.rows.slice().sort((a, b) => a[sessions] - b[sessions]);
  const point = (row, y) => ({ x: (row[sessions] * 365) / horizon, y: row[y], interval: row[interval] });
  chart.data.datasets = [
    { label: "Mean reduction", data: rows.map((row) => point(row, mean)), showLine: true,
      borderColor: "#1f5fbf", backgroundColor: "#1f5fbf", pointRadius: rows.map((row) => row[interval] === current ? 8 : 4),
      pdtColumn: "mean_reduction_percent" },
    { label: "Lowest reduction", data: rows.map((row) => point(row, minimum)), showLine: true,
      borderColor: "#8fa9d6", backgroundColor: "#8fa9d6", borderDash: [5, 4], pointRadius: 3,
      pdtColumn: "min_reduction_percent" },
  ];
  chart.update();
}

// ---------------------------------------------------------------------------------------------
// Downloads: the CSV endpoints take the same request body, so each link posts it and saves the answer.

function renderDownloads() {
  const list = $("downloads");
  list.replaceChildren();
  const files = [
    ["timeline.csv", "/api/simulate/csv?table=timeline", state.lastRequest, "the response on every day"],
    ["sessions.csv", "/api/simulate/csv?table=sessions", state.lastRequest, "the readouts of every session"],
    ["depth.csv", "/api/simulate/csv?table=depth", state.lastRequest, "the first session's depth profiles"],
    ["maintenance.csv", "/api/maintenance/csv", state.lastMaintenance, "one row per maintenance interval"],
  ];
  for (const [name, path, body, meaning] of files) {
    if (!body) continue;
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = path;
    link.textContent = name;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      download(name, path, body);
    });
    item.append(link, ` — ${meaning}`);
    list.append(item);
  }
}

async function download(name, path, body) {
  showError("");
  try {
    const blob = await api(path, body);
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    showError(error.message);
  }
}

// ---------------------------------------------------------------------------------------------

async function start() {
  $("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    runSoon(0);
  });
  $("protocol").addEventListener("change", () => loadParameters(false));
  $("intervals").addEventListener("input", scheduleRun);
  if (typeof Chart === "undefined") {
    showError("/vendor/chart.js did not load; pdtsim serve serves Debian's libjs-chart.js there (apt-get install libjs-chart.js)");
    return;
  }
  try {
    state.presets = await api("/api/presets");
  } catch (error) {
    showError(error.message);
    return;
  }
  fillPresetControls();
  await loadParameters(false);
}

document.addEventListener("DOMContentLoaded", start);
