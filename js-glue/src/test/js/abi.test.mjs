// The raw-ABI checks (abi_checks.mjs) against the packaged rvf.js + rvf.wasm, under `deno test` and `node --test`.
import { test } from "node:test";
import init from "../../../target/dist/rvf.js";
import { ABI_CHECKS, runOne } from "./abi_checks.mjs";

const instance = await init();

for (const { name, run } of ABI_CHECKS) {
  test(name, () => {
    const result = runOne(name, run, instance);
    if (!result.ok) {
      throw result.thrown;
    }
  });
}
