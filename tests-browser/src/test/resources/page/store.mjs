// Loads the packaged rvf.js as a web page would and runs the shared RvfStore checks (store_checks.mjs) plus a
// browser-only one; shows them and leaves the outcome in window.rvfStoreResult.
import * as rvf from "/dist/rvf.js";
import { runStoreChecks } from "/checks/store_checks.mjs";
import { check, publish, runChecks } from "./harness.mjs";

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

publish("rvfStoreResult", async () => {
  const instance = await rvf.default();
  return { results: await runChecks(BROWSER_CHECKS, await runStoreChecks(rvf, instance)) };
});
