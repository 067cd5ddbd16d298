// The demo page: open, search, see, change and keep a vector store, all in this tab on rvf.wasm.
import init, { RvfError, RvfStore } from "./rvf.js";
import { FilterBuilder } from "./lib/filter-builder.js";
import { principalPlane } from "./lib/pca.js";
import { ScatterPlot, groupColor } from "./lib/scatter.js";
import { BatchGenerator, VectorSet, gaussian, seededRandom } from "./lib/vectors.js";

const DEFAULT_DATASET = "data/default.rvf";
/** Where "Save in this browser" keeps stores: an OPFS directory, or a key prefix in IndexedDB where OPFS is missing. */
const SAVED_DIRECTORY = "rvf-demo";
/** Points drawn on the map, and the floats the PCA fit may read (its sample shrinks as the dimension grows). */
const PLOT_POINTS = 5000;
const PCA_FLOATS = 160_000;
const ACTIVITY_ITEMS = 12;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const $ = (id) => document.getElementById(id);
const numberFormat = new Intl.NumberFormat("en-US");
const fmtInt = (n) => numberFormat.format(n);

/** One open store and what the page knows about it. */
class Entry {
  constructor(name, store, vectors, parent = null) {
    this.name = name;
    this.store = store;
    this.vectors = vectors;
    this.parent = parent;
    /** id -> metadata object or null, read from the store once. */
    this.meta = new Map();
    /** The projection of the map: { plane, points, spread }, recomputed after every change. */
    this.view = null;
  }

  metadata(id) {
    if (!this.meta.has(id)) {
      this.meta.set(id, this.store.metadata(id));
    }
    return this.meta.get(id);
  }

  forget(ids) {
    this.vectors.delete(ids);
    ids.forEach((id) => this.meta.delete(id));
  }
}

const state = {
  instance: null,
  entries: [],
  current: null,
  /** The last search: { query: {vector, label}, hits, exactHits, k, exact, hnswMs, exactMs }. */
  last: null,
  selected: new Set(),
  busy: false,
  /** Whether the package found browser storage for saving (OPFS, else IndexedDB); known after the first listing. */
  browserStorage: false,
  rng: seededRandom(Date.now() & 0xffffffff),
};

let plot;
let filter;

// -------------------------------------------------------------------------------------------------------------
// Start

boot();

async function boot() {
  plot = new ScatterPlot($("plot"), {
    tooltip: $("plot-tip"),
    onPick: (id) => searchById(id),
    describe: describePoint,
  });
  filter = new FilterBuilder($("filter"));
  wireEvents();
  updateControls();

  const started = performance.now();
  try {
    state.instance = await init();
  } catch (e) {
    $("engine").dataset.state = "failed";
    $("engine-text").textContent = "rvf.wasm could not start";
    showError("Loading rvf.wasm", e);
    document.body.dataset.ready = "failed";
    return;
  }
  const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith("/rvf.wasm"));
  $("engine").dataset.state = "ready";
  $("engine-text").textContent = `rvf.wasm ready${wasm?.decodedBodySize ? ` · ${fmtBytes(wasm.decodedBodySize)}` : ""}`
    + ` · started in ${fmtMs(performance.now() - started)}`;

  await action("Opening the default dataset", openDefault);
  await refreshSavedList();
  document.body.dataset.ready = "true";
}

function wireEvents() {
  $("error-close").addEventListener("click", hideError);
  $("open-default").addEventListener("click", () => action("Opening the default dataset", openDefault));
  $("file-input").addEventListener("change", (e) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (file) {
      action(`Opening ${file.name}`, () => openFile(file));
    }
  });
  wireDrop();

  $("store-select").addEventListener("change", (e) => {
    const entry = state.entries[Number(e.target.value)];
    if (entry) {
      select(entry);
    }
  });

  $("zoom").addEventListener("change", (e) => plot.setZoom(e.target.checked));
  for (const radio of document.querySelectorAll("input[name=qmode]")) {
    radio.addEventListener("change", showQueryMode);
  }
  $("query-id-random").addEventListener("click", () => {
    const ids = state.current?.vectors.sample(1, state.rng) ?? [];
    if (ids.length > 0) {
      $("query-id").value = String(ids[0]);
    }
  });
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    action("Search", () => runSearch(false));
  });
  $("select-all").addEventListener("change", (e) => {
    for (const box of document.querySelectorAll("#results tbody input[type=checkbox]")) {
      box.checked = e.target.checked;
      toggleSelected(box.dataset.id, box.checked);
    }
    updateControls();
  });

  $("ingest").addEventListener("click", () => action("Ingest", ingest));
  $("delete-selected").addEventListener("click", () => action("Delete", () => deleteIds([...state.selected])));
  $("delete-ids-button").addEventListener("click", () => action("Delete", () => deleteIds(parseIds($("delete-ids")
    .value))));
  $("delete-filter").addEventListener("click", () => action("Delete by filter", deleteByFilter));
  $("compact").addEventListener("click", () => action("Compact", compact));
  $("derive").addEventListener("click", () => action("Derive", derive));

  $("download").addEventListener("click", () => action("Download", download));
  $("opfs-save").addEventListener("click", () => action("Save in browser storage", saveInBrowser));
  $("opfs-list").addEventListener("click", (e) => {
    const button = e.target.closest("button[data-name]");
    if (!button) {
      return;
    }
    const name = button.dataset.name;
    if (button.dataset.op === "open") {
      action(`Opening ${name} from browser storage`, () => openSaved(name));
    } else {
      action(`Removing ${name}`, async () => {
        await RvfStore.removeSaved(`${SAVED_DIRECTORY}/${name}`);
        await refreshSavedList();
      });
    }
  });
}

function wireDrop() {
  const zone = $("drop-zone");
  let depth = 0;
  document.addEventListener("dragenter", (e) => {
    if (e.dataTransfer?.types?.includes("Files")) {
      depth++;
      zone.classList.add("active");
    }
  });
  document.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) {
      zone.classList.remove("active");
    }
  });
  document.addEventListener("dragover", (e) => {
    e.preventDefault(); // without it the browser opens the dropped file itself
  });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove("active");
    const file = e.dataTransfer?.files?.[0];
    if (file) {
      action(`Opening ${file.name}`, () => openFile(file));
    }
  });
  zone.addEventListener("click", () => $("file-input").click());
}

// -------------------------------------------------------------------------------------------------------------
// Actions: one at a time; failures become the message at the top of the page

async function action(context, fn) {
  if (state.busy) {
    return;
  }
  hideError();
  setBusy(true);
  try {
    await fn();
  } catch (e) {
    showError(context, e);
  } finally {
    setBusy(false);
  }
}

function setBusy(busy) {
  state.busy = busy;
  if (busy) {
    document.body.dataset.busy = "true";
  } else {
    delete document.body.dataset.busy;
  }
  updateControls();
}

function updateControls() {
  const open = state.current !== null && state.instance !== null;
  const idle = !state.busy;
  const enable = (id, on) => {
    $(id).disabled = !on;
  };
  enable("open-default", idle && state.instance !== null);
  $("file-input").disabled = !(idle && state.instance !== null);
  for (const id of ["search", "ingest", "delete-filter", "delete-ids-button", "compact", "derive", "download",
    "store-select", "query-id-random"]) {
    enable(id, idle && open);
  }
  enable("delete-selected", idle && open && state.selected.size > 0);
  enable("zoom", open && state.last !== null);
  $("delete-selected").textContent = state.selected.size > 0
    ? `Delete ${fmtInt(state.selected.size)} selected` : "Delete selected results";
  enable("opfs-save", idle && open && state.browserStorage);
  for (const b of document.querySelectorAll("#opfs-list button")) {
    b.disabled = !(idle && state.instance !== null);
  }
}

function showError(context, e) {
  const code = e instanceof RvfError ? e.code : (e?.name ?? "Error");
  $("error-context").textContent = `${context} failed`;
  $("error-code").textContent = code;
  $("error-message").textContent = e?.message ?? String(e);
  $("error").dataset.code = code;
  $("error").hidden = false;
  console.warn(`${context}:`, e);
}

function hideError() {
  $("error").hidden = true;
}

function log(text) {
  const li = document.createElement("li");
  const time = document.createElement("time");
  time.textContent = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  li.append(time, document.createTextNode(text));
  $("activity").prepend(li);
  while ($("activity").children.length > ACTIVITY_ITEMS) {
    $("activity").lastElementChild.remove();
  }
}

// -------------------------------------------------------------------------------------------------------------
// Open

async function openDefault() {
  const started = performance.now();
  const response = await fetch(DEFAULT_DATASET);
  if (!response.ok) {
    throw new RvfError("NOT_FOUND", `could not load ${DEFAULT_DATASET}: HTTP ${response.status}`);
  }
  // streamed into the module as it downloads: the page never holds the file itself
  showOpened("default.rvf", await RvfStore.openStream(response), "the server", started);
}

async function openFile(file) {
  const started = performance.now();
  showOpened(file.name, await RvfStore.openStream(file), "your disk", started);
}

/** Opens a store saved in this browser as the new workspace. */
async function openSaved(name) {
  const started = performance.now();
  const store = await RvfStore.load(`${SAVED_DIRECTORY}/${name}`);
  showOpened(name, store, "browser storage", started);
}

/** Makes `store` the workspace; closes the stores open so far. */
function showOpened(name, store, from, started) {
  let live;
  try {
    live = store.vectors(); // the page keeps its own copy of the vectors (PCA map, clones, stored-vector queries)
  } catch (e) {
    store.close();
    throw e;
  }
  const vectors = new VectorSet(store.dimension);
  vectors.addFlat(live.ids, live.vectors);
  for (const entry of state.entries) {
    entry.store.close();
  }
  const entry = new Entry(name, store, vectors);
  state.entries = [entry];
  const ms = performance.now() - started;
  select(entry);
  const count = store.status().totalVectors;
  log(`Opened ${name} from ${from}: ${fmtInt(count)} vectors, ${fmtBytes(store.status().fileSizeBytes)} `
    + `(${fmtMs(ms)})`);
}

/** Makes `entry` the current store and redraws everything. */
function select(entry) {
  state.current = entry;
  state.last = null;
  state.selected.clear();
  const first = entry.vectors.ids()[0];
  $("query-id").value = first === undefined ? "" : String(first);
  $("save-name").value = entry.name.endsWith(".rvf") ? entry.name : `${safeFileName(entry.name)}`;
  $("query-typed").value = "";
  filter.clear();
  filter.setFields(discoverFields(entry));
  renderStore();
  recomputeView();
  renderResults();
  updateControls();
}

/** Metadata fields seen on a sample of the vectors, with their kinds. */
function discoverFields(entry) {
  const fields = new Map();
  for (const id of entry.vectors.sample(60, seededRandom(3))) {
    const row = entry.metadata(id);
    for (const [name, value] of Object.entries(row ?? {})) {
      if (!fields.has(name)) {
        fields.set(name, typeof value);
      }
    }
  }
  return [...fields].map(([name, kind]) => ({ name, kind }));
}

// -------------------------------------------------------------------------------------------------------------
// Store card: status, lineage, witness, segments

function renderStore() {
  const entry = state.current;
  const store = entry.store;
  const s = store.status();
  $("store-name").textContent = entry.parent ? `${entry.name} (derived from ${entry.parent.name})` : entry.name;
  $("st-count").textContent = fmtInt(s.totalVectors);
  $("st-dim").textContent = fmtInt(s.dimension);
  $("st-metric").textContent = s.metric;
  $("st-epoch").textContent = fmtInt(s.epoch);
  $("st-size").textContent = fmtBytes(s.fileSizeBytes);
  $("st-size").title = `${fmtInt(s.fileSizeBytes)} bytes`;
  $("st-size").dataset.bytes = String(s.fileSizeBytes);
  $("st-deleted").textContent = fmtInt(s.deletedVectors);
  renderIndexLine(s);

  const root = (hex) => /^0*$/.test(hex);
  $("lin-file").textContent = store.fileId();
  const parentId = store.parentId();
  $("lin-parent").textContent = root(parentId) ? "none (a root file)" : parentId;
  $("lin-depth").textContent = String(store.lineageDepth());

  const witness = $("witness");
  try {
    const w = store.verifyWitness();
    if (w.entries === 0) {
      witness.dataset.state = "none";
      witness.textContent = "No witness entries (older writers add none)";
    } else if (w.valid) {
      witness.dataset.state = "valid";
      witness.textContent = `✓ Valid · ${fmtInt(w.entries)} entries · ${fmtInt(w.geneses)} `
        + `${w.geneses === 1 ? "genesis" : "geneses"}`;
    } else {
      witness.dataset.state = "broken";
      witness.textContent = `✗ Broken: ${w.error}`;
    }
  } catch (e) {
    witness.dataset.state = "broken";
    witness.textContent = `✗ ${e.code ?? e.name}: ${e.message}`;
  }

  const segments = store.segments();
  const counts = new Map();
  segments.forEach((seg) => counts.set(seg.segType, (counts.get(seg.segType) ?? 0) + 1));
  const bad = segments.filter((seg) => !seg.hashOk).length;
  $("seg-summary").textContent = `${fmtInt(segments.length)} · `
    + [...counts].map(([t, n]) => `${t.toUpperCase()}${n > 1 ? ` ×${n}` : ""}`).join(", ")
    + (bad > 0 ? ` · ${bad} hash mismatch${bad > 1 ? "es" : ""}` : " · all hashes OK");
  $("seg-summary").className = bad > 0 ? "bad" : "muted";
  if (bad > 0) {
    $("segments-details").open = true;
  }
  const rows = segments.map((seg) => tr([
    td(fmtInt(seg.offset), "num mono"),
    td(seg.segType.toUpperCase(), `seg-type seg-${seg.segType}`),
    td(String(seg.id), "mono"),
    td(fmtInt(seg.payloadLength), "num mono"),
    td(seg.hashOk ? "✓ OK" : "✗ mismatch", seg.hashOk ? "ok" : "bad"),
  ]));
  $("segments").tBodies[0].replaceChildren(...rows);

  const picker = $("store-select");
  picker.replaceChildren(...state.entries.map((e, i) => {
    const o = document.createElement("option");
    o.value = String(i);
    const depth = e.store.lineageDepth();
    o.textContent = depth === 0 ? e.name : `${e.name} · depth ${depth}`;
    o.selected = e === entry;
    return o;
  }));
  picker.parentElement.hidden = state.entries.length < 2;
}

/** The HNSW line of the status (also after a search: the first approximate query builds a pending graph). */
function renderIndexLine(s = state.current.store.status()) {
  const ix = s.index;
  const origin = ix.state !== "loaded" ? "built here"
    : ix.loadedNodes === ix.nodes ? "loaded from the file"
      : `${fmtInt(ix.loadedNodes)} loaded from the file`;
  let text;
  if (ix.nodes === 0) {
    text = s.totalVectors === 0 ? "HNSW index: empty"
      : "HNSW index: not built yet (the first approximate search builds it)";
  } else {
    text = `HNSW index · ${fmtInt(ix.nodes)} nodes (${origin})`;
  }
  $("st-index").textContent = `${text} · M ${ix.m} · efConstruction ${ix.efConstruction} · efSearch ${ix.efSearch}`;
  $("ef").placeholder = `default ${ix.efSearch}`;
}

// -------------------------------------------------------------------------------------------------------------
// Map: PCA of a sample of the live vectors

function recomputeView() {
  const entry = state.current;
  const vectors = entry.vectors;
  const ids = vectors.sample(PLOT_POINTS, seededRandom(7));
  if (ids.length === 0) {
    entry.view = null;
    plot.setPoints([], ["", ""]);
    plot.setHighlight(null, []);
    $("legend").replaceChildren();
    $("map-caption").textContent = "The store is empty";
    return;
  }
  const fitCount = Math.max(200, Math.floor(PCA_FLOATS / vectors.dimension));
  const fitIds = vectors.sample(fitCount, seededRandom(11));
  const plane = principalPlane(fitIds.map((id) => vectors.get(id)));
  const grouped = ids.slice(0, 24).some((id) => typeof entry.metadata(id)?.cluster === "number");
  const groupOf = (id) => (grouped ? entry.metadata(id)?.cluster ?? null : null);
  const points = ids.map((id) => {
    const [x, y] = plane.project(vectors.get(id));
    return { x, y, id, group: groupOf(id) };
  });
  entry.view = { plane, groupOf };
  const pct = (v) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
  plot.setPoints(points, [`PC1 · ${pct(plane.explained[0])} of variance`, `PC2 · ${pct(plane.explained[1])}`]);
  $("map-caption").textContent = `2-D PCA of ${ids.length === vectors.size ? "all" : `${fmtInt(ids.length)} of`} `
    + `${fmtInt(vectors.size)} vectors · hover for details, click a point to search with it`;
  renderLegend(entry, points, grouped);
  renderHighlight();
}

function renderLegend(entry, points, grouped) {
  const legend = $("legend");
  if (!grouped) {
    legend.replaceChildren(legendItem(groupColor(null), "vector (no cluster metadata)"), queryLegend());
    return;
  }
  const labels = new Map();
  for (const p of points) {
    if (p.group !== null && !labels.has(p.group)) {
      labels.set(p.group, entry.metadata(p.id)?.label);
    }
  }
  const items = [...labels].sort((a, b) => a[0] - b[0])
    .map(([group, label]) => legendItem(groupColor(group), typeof label === "string" ? `${group} · ${label}`
      : `cluster ${group}`));
  legend.replaceChildren(...items, queryLegend());
}

function legendItem(color, text) {
  const span = document.createElement("span");
  span.className = "legend-item";
  const swatch = document.createElement("i");
  swatch.style.background = color;
  span.append(swatch, document.createTextNode(text));
  return span;
}

function queryLegend() {
  const span = document.createElement("span");
  span.className = "legend-item legend-query";
  span.innerHTML = "<b>◆</b>query <b class=\"ring\">●</b>hits";
  return span;
}

function renderHighlight() {
  const entry = state.current;
  const last = state.last;
  if (!entry?.view || !last) {
    plot.setHighlight(null, []);
    $("recall").textContent = "";
    return;
  }
  const { plane, groupOf } = entry.view;
  const hits = last.hits.filter((h) => entry.vectors.has(h.id)).map((h) => {
    const [x, y] = plane.project(entry.vectors.get(h.id));
    return { x, y, id: h.id, group: groupOf(h.id) };
  });
  plot.setHighlight(plane.project(last.query.vector), hits);
}

function describePoint(p) {
  const meta = state.current?.metadata(p.id);
  const parts = meta ? Object.entries(meta).map(([k, v]) => `${k} ${formatValue(v)}`) : [];
  return `id ${p.id}${parts.length > 0 ? ` · ${parts.join(" · ")}` : ""}`;
}

// -------------------------------------------------------------------------------------------------------------
// Search

function showQueryMode() {
  const mode = document.querySelector("input[name=qmode]:checked").value;
  for (const el of document.querySelectorAll(".query-input")) {
    el.hidden = el.dataset.mode !== mode;
  }
  const typed = $("query-typed");
  if (mode === "typed" && typed.value.trim() === "" && state.current) {
    const id = parseId($("query-id").value.trim());
    const v = id === null ? undefined : state.current.vectors.get(id);
    if (v) {
      typed.value = Array.from(v, (x) => x.toFixed(3)).join(", ");
    }
  }
}

function searchById(id) {
  document.querySelector("input[name=qmode][value=id]").checked = true;
  showQueryMode();
  $("query-id").value = String(id);
  action("Search", () => runSearch(false));
}

/** The query vector the form describes: { vector, label }. */
function readQuery(entry) {
  const mode = document.querySelector("input[name=qmode]:checked").value;
  if (mode === "id") {
    const text = $("query-id").value.trim();
    const id = parseId(text);
    if (id === null) {
      throw new RvfError("INVALID_ARGUMENT", `"${text}" is not a vector id (a non-negative integer)`);
    }
    const vector = entry.vectors.get(id);
    if (!vector) {
      throw new RvfError("NOT_FOUND", `no live vector with id ${id} in this store`);
    }
    return { vector, label: `vector ${id}`, id };
  }
  if (mode === "random") {
    const dim = entry.vectors.dimension;
    const bases = entry.vectors.sample(1, state.rng);
    const base = bases.length > 0 ? entry.vectors.get(bases[0]) : new Float32Array(dim);
    const spread = 0.5 * (entry.view?.plane ? spreadOf(entry) : 1);
    const vector = Float32Array.from(base, (x) => x + spread * gaussian(state.rng));
    return { vector, label: "a random vector" };
  }
  const parts = $("query-typed").value.split(/[\s,;]+/).filter((t) => t !== "");
  const vector = Float32Array.from(parts, (t) => {
    const n = Number(t);
    if (Number.isNaN(n)) {
      throw new RvfError("INVALID_ARGUMENT", `"${t}" in the typed query is not a number`);
    }
    return n;
  });
  return { vector, label: `a typed vector of ${vector.length} numbers` };
}

/** Typical per-coordinate spread of the stored vectors (from a small sample). */
function spreadOf(entry) {
  const ids = entry.vectors.sample(200, seededRandom(5));
  const dim = entry.vectors.dimension;
  const mean = new Float64Array(dim);
  ids.forEach((id) => entry.vectors.get(id).forEach((x, d) => {
    mean[d] += x / ids.length;
  }));
  let sum = 0;
  ids.forEach((id) => entry.vectors.get(id).forEach((x, d) => {
    sum += (x - mean[d]) ** 2;
  }));
  return Math.sqrt(sum / Math.max(1, ids.length * dim)) || 1;
}

function readInt(id, min, max, what) {
  const text = $(id).value.trim();
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RvfError("INVALID_ARGUMENT", `${what} must be a whole number from ${fmtInt(min)} to ${fmtInt(max)}, `
      + `not "${text}"`);
  }
  return n;
}

function runSearch(again) {
  const entry = state.current;
  const query = again && state.last ? state.last.query : readQuery(entry);
  const k = readInt("k", 1, 100_000, "k");
  const ef = $("ef").value.trim() === "" ? 0 : readInt("ef", 1, 65_536, "efSearch");
  const exact = $("exact").checked;
  const f = filter.value() ?? undefined;
  const t0 = performance.now();
  const hits = entry.store.query(query.vector, k, { exact, efSearch: ef || undefined, filter: f });
  const t1 = performance.now();
  const exactHits = exact ? hits : entry.store.query(query.vector, k, { exact: true, filter: f });
  const t2 = performance.now();
  state.last = { query, hits, exactHits, k, exact, hnswMs: t1 - t0, exactMs: exact ? t1 - t0 : t2 - t1,
    filtered: f !== undefined };
  state.selected.clear();
  renderResults();
  renderHighlight();
  renderIndexLine();
  updateControls();
}

function renderResults() {
  const last = state.last;
  const body = $("results").tBodies[0];
  $("select-all").checked = false;
  if (!last) {
    body.replaceChildren();
    $("results-caption").textContent = "Run a search to see the nearest vectors.";
    $("search-summary").textContent = "";
    $("recall").textContent = "";
    return;
  }
  const entry = state.current;
  const exactIds = new Set(last.exactHits.map((h) => String(h.id)));
  const rows = last.hits.map((h, i) => {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.dataset.id = String(h.id);
    box.setAttribute("aria-label", `Select vector ${h.id}`);
    box.checked = state.selected.has(String(h.id));
    box.addEventListener("change", () => {
      toggleSelected(box.dataset.id, box.checked);
      updateControls();
    });
    const idButton = document.createElement("button");
    idButton.type = "button";
    idButton.className = "link mono";
    idButton.textContent = String(h.id);
    idButton.title = "Search with this vector";
    idButton.addEventListener("click", () => searchById(h.id));
    const inExact = exactIds.has(String(h.id));
    return tr([
      td(box, "select"),
      td(String(i + 1), "num muted"),
      td(idButton, "result-id"),
      td(formatDistance(h.distance), "num mono"),
      td(inExact ? "✓" : "—", inExact ? "ok" : "bad"),
      td(metadataChips(entry.metadata(h.id)), "meta"),
    ], { id: String(h.id) });
  });
  if (rows.length === 0) {
    const empty = td(last.filtered ? "No live vector matches the filter." : "The store is empty.", "empty");
    empty.colSpan = 6;
    rows.push(tr([empty]));
  }
  body.replaceChildren(...rows);

  const kind = last.exact ? "exact scan" : "HNSW";
  $("results-caption").textContent = `${fmtInt(last.hits.length)} nearest to ${last.query.label}`
    + `${last.filtered ? " (filtered)" : ""} · ${kind} ${fmtMs(last.hnswMs)}`
    + (last.exact ? "" : ` · exact scan ${fmtMs(last.exactMs)}`);
  $("search-summary").textContent = `${fmtInt(last.hits.length)} results in ${fmtMs(last.hnswMs)}`;
  const same = last.hits.filter((h) => exactIds.has(String(h.id))).length;
  const total = last.exactHits.length;
  const recall = total === 0 ? 1 : same / total;
  $("recall").dataset.recall = recall.toFixed(4);
  $("recall").innerHTML = "";
  $("recall").append(last.exact
    ? "Exact search: every hit is a true nearest neighbour."
    : `Recall@${last.k} of HNSW against the exact scan: `, ...(last.exact ? []
    : [strong(`${(recall * 100).toFixed(recall === 1 ? 0 : 1)}%`), ` (${same} of ${total})`]));
}

function toggleSelected(id, on) {
  if (on) {
    state.selected.add(id);
  } else {
    state.selected.delete(id);
  }
}

function metadataChips(row) {
  const wrap = document.createElement("span");
  if (!row || Object.keys(row).length === 0) {
    wrap.className = "muted";
    wrap.textContent = "—";
    return wrap;
  }
  wrap.className = "chips";
  for (const [k, v] of Object.entries(row)) {
    const chip = document.createElement("span");
    chip.className = "chip";
    const key = document.createElement("span");
    key.className = "chip-key";
    key.textContent = k;
    chip.append(key, document.createTextNode(formatValue(v)));
    wrap.append(chip);
  }
  return wrap;
}

// -------------------------------------------------------------------------------------------------------------
// Change

/** Redraws every view after a change to the current store and re-runs the last search on it. */
function afterChange() {
  const entry = state.current;
  renderStore();
  recomputeView();
  if (!entry.vectors.has(parseId($("query-id").value.trim()))) {
    const first = entry.vectors.ids()[0];
    $("query-id").value = first === undefined ? "" : String(first);
  }
  filter.setFields(discoverFields(entry));
  if (state.last) {
    try {
      runSearch(true);
    } catch (e) {
      state.last = null;
      renderResults();
      renderHighlight();
      throw e;
    }
  }
  updateControls();
}

async function ingest() {
  const n = readInt("ingest-count", 1, 1_000_000, "Vectors");
  const batch = readInt("ingest-batch", 1, 100_000, "Per batch");
  const entry = state.current;
  const noise = 0.3 * (entry.vectors.size > 0 ? spreadOf(entry) : 1);
  const generator = new BatchGenerator(entry.vectors, (id) => entry.metadata(id), noise,
    Math.floor(state.rng() * 2 ** 32));
  await ingestBatches(entry, n, batch, (m) => generator.next(m), "Ingesting");
}

/** Ingests `total` vectors in batches from `nextBatch(m)`, updating the progress bar between batches. */
async function ingestBatches(entry, total, batch, nextBatch, verb) {
  const started = performance.now();
  let done = 0;
  let batches = 0;
  showProgress(verb, 0, total);
  try {
    while (done < total) {
      const m = Math.min(batch, total - done);
      const b = nextBatch(m);
      entry.store.ingest(b.vectors, b.ids, b.metadata);
      entry.vectors.addFlat(b.ids, b.vectors);
      b.ids.forEach((id, i) => entry.meta.set(id, b.metadata[i] ?? null));
      done += m;
      batches++;
      showProgress(verb, done, total);
      if (entry === state.current) {
        $("st-count").textContent = fmtInt(entry.store.status().totalVectors);
      }
      await nextFrame(); // let the page paint the progress and stay responsive
    }
  } finally {
    if (done > 0 && entry === state.current) {
      afterChange();
    }
  }
  const ms = performance.now() - started;
  showProgress(verb, done, total, `${fmtInt(done)} vectors in ${fmtInt(batches)} batches · ${fmtMs(ms)} · `
    + `${fmtInt(Math.round(done / (ms / 1000)))} vectors/s`);
  log(`${verb === "Ingesting" ? "Ingested" : "Copied"} ${fmtInt(done)} vectors in ${fmtInt(batches)} batches `
    + `(${fmtMs(ms)}) · epoch ${entry.store.status().epoch}`);
}

function showProgress(verb, done, total, finished) {
  $("progress").hidden = false;
  const pct = total === 0 ? 100 : Math.round((done / total) * 100);
  $("progress-bar").style.width = `${pct}%`;
  $("progress").dataset.done = String(done);
  $("progress").dataset.total = String(total);
  $("progress").dataset.state = done >= total ? "done" : "running";
  $("progress-text").textContent = finished ?? `${verb} ${fmtInt(done)} / ${fmtInt(total)} (${pct}%)`;
}

function nextFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50); // hidden tabs get no animation frames
    requestAnimationFrame(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0);
    });
  });
}

async function deleteIds(ids) {
  if (ids.length === 0) {
    throw new RvfError("INVALID_ARGUMENT", "no ids to delete: select results or type ids");
  }
  const entry = state.current;
  const parsed = ids.map((id) => (typeof id === "string" ? parseId(id) : id));
  const result = entry.store.delete(parsed);
  entry.forget(parsed);
  state.selected.clear();
  $("delete-ids").value = "";
  log(`Deleted ${fmtInt(result.deleted)} of ${fmtInt(parsed.length)} ids · epoch ${result.epoch}`);
  afterChange();
}

async function deleteByFilter() {
  const entry = state.current;
  const f = filter.value();
  if (f === null) {
    throw new RvfError("INVALID_ARGUMENT", "add a metadata filter in the Search card first: every vector it "
      + "matches is deleted");
  }
  // The ids the filter matches (an exact, filtered query for all of them), so the page's own copy stays in step.
  const anyVector = entry.vectors.get(entry.vectors.ids()[0]) ?? new Float32Array(entry.vectors.dimension);
  const matching = entry.vectors.size === 0 ? []
    : entry.store.query(anyVector, entry.vectors.size, { exact: true, filter: f }).map((h) => h.id);
  const result = entry.store.deleteByFilter(f);
  entry.forget(matching);
  log(`Deleted ${fmtInt(result.deleted)} vectors matching the filter · epoch ${result.epoch}`);
  afterChange();
}

async function compact() {
  const entry = state.current;
  const before = entry.store.status().fileSizeBytes;
  const r = entry.store.compact();
  log(`Compacted: ${fmtInt(r.segmentsCompacted)} segments, ${fmtBytes(r.bytesReclaimed)} reclaimed `
    + `(${fmtBytes(before)} → ${fmtBytes(entry.store.status().fileSizeBytes)}) · epoch ${r.epoch}`);
  afterChange();
}

async function derive() {
  const parent = state.current;
  const copy = $("derive-copy").checked;
  const child = parent.store.derive("clone");
  const stem = parent.name.replace(/\.(rvf|rvdna)$/i, "");
  const siblings = state.entries.filter((e) => e.parent === parent).length;
  const entry = new Entry(`${stem}.child${siblings + 1}.rvf`, child, new VectorSet(parent.vectors.dimension), parent);
  entry.vectors.maxId = parent.vectors.maxId;
  state.entries.push(entry);
  log(`Derived ${entry.name} from ${parent.name} (depth ${child.lineageDepth()})`);
  select(entry);
  if (copy && parent.vectors.size > 0) {
    const ids = parent.vectors.ids();
    const dim = parent.vectors.dimension;
    let at = 0;
    await ingestBatches(entry, ids.length, 1000, (m) => {
      const part = ids.slice(at, at + m);
      at += m;
      const flat = new Float32Array(m * dim);
      part.forEach((id, i) => flat.set(parent.vectors.get(id), i * dim));
      return { ids: part, vectors: flat, metadata: part.map((id) => parent.metadata(id)) };
    }, "Copying");
  }
}

// -------------------------------------------------------------------------------------------------------------
// Keep

/** A file name made of safe characters, ending in .rvf. */
function safeFileName(name) {
  const base = String(name).replace(/\.(rvf|rvdna)$/i, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "")
    .slice(0, 80);
  return `${base || "store"}.rvf`;
}

function downloadName() {
  const raw = $("save-name").value.trim() || state.current.name;
  return safeFileName(raw);
}

async function download() {
  const entry = state.current;
  const bytes = entry.store.export(); // writes the index and metadata segments first when they changed
  const name = downloadName();
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  log(`Downloaded ${name} (${fmtBytes(bytes.length)})`);
  renderStore();
}

async function saveInBrowser() {
  const name = downloadName();
  await state.current.store.save(`${SAVED_DIRECTORY}/${name}`); // the previous copy stays until this one is whole
  renderStore();
  const size = (await refreshSavedList()).find((f) => f.name === name)?.size ?? 0;
  $("opfs-message").textContent = `Saved ${name} (${fmtBytes(size)})`;
  log(`Saved ${name} in browser storage (${fmtBytes(size)})`);
}

/** Lists the saved stores (and returns them); says so when this browser has no storage to save in. */
async function refreshSavedList() {
  let saved;
  try {
    saved = await RvfStore.listSaved({ directory: SAVED_DIRECTORY });
    state.browserStorage = true;
  } catch (e) {
    state.browserStorage = !(e instanceof RvfError && e.code === "UNSUPPORTED");
    $("opfs-message").textContent = state.browserStorage
      ? `Browser storage is not available here (${e.message}): use Download instead.`
      : "This browser has neither an origin-private file system (OPFS) nor IndexedDB: use Download instead.";
    $("opfs-list").hidden = true;
    updateControls();
    return [];
  }
  $("opfs-list").hidden = saved.length === 0;
  $("opfs-list").replaceChildren(...saved.map((f) => {
    const li = document.createElement("li");
    li.dataset.name = f.name;
    const name = document.createElement("span");
    name.className = "saved-name mono";
    name.textContent = f.name;
    const details = document.createElement("span");
    details.className = "saved-details muted";
    details.textContent = `${fmtBytes(f.size)} · saved ${new Date(f.lastModified).toLocaleString([],
      { dateStyle: "medium", timeStyle: "short" })}`;
    const text = document.createElement("span");
    text.className = "saved-text";
    text.append(name, details);
    const remove = button("Remove", "remove", f.name);
    remove.className = "ghost";
    li.append(text, button("Open", "open", f.name), remove);
    return li;
  }));
  updateControls();
  return saved;
}

function button(text, op, name) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.dataset.op = op;
  b.dataset.name = name;
  return b;
}

// -------------------------------------------------------------------------------------------------------------
// Small helpers

function parseId(text) {
  if (!/^\d+$/.test(text)) {
    return null;
  }
  const big = BigInt(text);
  return big <= MAX_SAFE ? Number(big) : big;
}

function parseIds(text) {
  const parts = text.split(/[\s,;]+/).filter((t) => t !== "");
  return parts.map((t) => {
    const id = parseId(t);
    if (id === null) {
      throw new RvfError("INVALID_ARGUMENT", `"${t}" is not a vector id (a non-negative integer)`);
    }
    return id;
  });
}

function tr(cells, data = {}) {
  const row = document.createElement("tr");
  Object.entries(data).forEach(([k, v]) => {
    row.dataset[k] = v;
  });
  row.append(...cells);
  return row;
}

function td(content, className) {
  const cell = document.createElement("td");
  if (className) {
    cell.className = className;
  }
  cell.append(content);
  return cell;
}

function strong(text) {
  const b = document.createElement("strong");
  b.textContent = text;
  return b;
}

function formatValue(v) {
  if (typeof v === "number") {
    return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  }
  return String(v);
}

function formatDistance(d) {
  if (d === 0) {
    return "0";
  }
  return Math.abs(d) >= 1000 || Math.abs(d) < 0.001 ? d.toExponential(3) : d.toPrecision(5);
}

/** At most three significant digits, so sizes fit the status tiles: 951 B, 9.5 KB, 783 KB, 1.19 MB, 12.4 MB. */
function fmtBytes(n) {
  const units = ["B", "KB", "MB", "GB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${units[u]}`;
}

function fmtMs(ms) {
  if (ms < 1) {
    return `${ms.toFixed(2)} ms`;
  }
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${fmtInt(Math.round(ms))} ms`;
}
