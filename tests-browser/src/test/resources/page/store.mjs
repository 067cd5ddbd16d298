// Loads the packaged rvf.js as a web page would and runs the shared RvfStore checks (store_checks.mjs) plus a
// browser-only one; shows them and leaves the outcome in window.rvfStoreResult.
import * as rvf from "/dist/rvf.js";
import { runStoreChecks } from "/checks/store_checks.mjs";

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const BROWSER_CHECKS = [
  {
    name: "an exported file downloads as a Blob and opens again from its bytes",
    async run() {
      using s = rvf.RvfStore.create(2, "l2");
      s.ingest([[0, 1], [1, 0]], [1, 2], [{ name: "up" }, { name: "right" }]);
      const blob = new Blob([s.export()], { type: "application/octet-stream" });
      using copy = rvf.RvfStore.open(new Uint8Array(await blob.arrayBuffer()));
      const hits = copy.query([0.9, 0.1], 1);
      check(hits.length === 1 && hits[0].id === 2, `hits ${JSON.stringify(hits)}`);
      check(copy.metadata(2).name === "right", "metadata");
    },
  },
];

async function runAll() {
  const instance = await rvf.default();
  const results = runStoreChecks(rvf, instance);
  for (const { name, run } of BROWSER_CHECKS) {
    try {
      await run();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: String(error?.stack ?? error) });
    }
  }
  return results.map(({ name, ok, error }) => ({ name, ok, error: error ?? null }));
}

function show(results) {
  const table = document.getElementById("results");
  for (const { name, ok, error } of results) {
    const row = table.insertRow();
    row.insertCell().textContent = ok ? "ok" : "FAILED";
    row.cells[0].className = ok ? "ok" : "failed";
    const detail = row.insertCell();
    detail.textContent = name;
    if (error) {
      const pre = document.createElement("pre");
      pre.textContent = error;
      detail.append(pre);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  document.getElementById("summary").textContent =
    `${results.length - failed} passed, ${failed} failed - ${navigator.userAgent}`;
}

try {
  const results = await runAll();
  show(results);
  window.rvfStoreResult = { userAgent: navigator.userAgent, results };
} catch (error) {
  document.getElementById("summary").textContent = `could not run: ${error?.stack ?? error}`;
  window.rvfStoreResult = { fatal: String(error?.stack ?? error), results: [] };
}
