// Assertions shared by the *.test.mjs files (node:test and Deno's node:test).
import assert from "node:assert/strict";
import { ERROR_CODES, RvfError } from "../../../target/dist/rvf.js";

/** A validator for assert.throws / assert.rejects: an RvfError with this code, its number, and `messagePart`. */
export function expectRvfError(code, messagePart = "") {
  return (error) => {
    assert.ok(error instanceof RvfError, `expected an RvfError, got ${error?.stack ?? error}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.status, ERROR_CODES[code]);
    assert.ok(error.message.includes(messagePart), `"${error.message}" lacks "${messagePart}"`);
    return true;
  };
}
