'use strict';
// Shared by ref-write.cjs and ref-read.cjs: loading the binding, and turning what the binding returns into
// plain JSON (Buffers as hex, non-finite distances as strings, ids beyond 2^53 flagged).

function loadBinding() {
  try {
    return require('@ruvector/rvf-node-linux-x64-gnu');
  } catch (e) {
    const err = new Error('cannot load @ruvector/rvf-node-linux-x64-gnu, the native binary of @ruvector/rvf-node 0.2.3 (run `npm ci` at the repository root): ' + e.message);
    err.cause = e;
    throw err;
  }
}

function hex(buffer) {
  return buffer ? Buffer.from(buffer).toString('hex') : null;
}

/** JSON has no NaN/Infinity: they travel as strings that Java's Double.parseDouble understands. */
function jsonNumber(x) {
  if (Number.isFinite(x)) return x;
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

function hitJson(hit) {
  const out = { id: hit.id, distance: jsonNumber(hit.distance) };
  if (!Number.isSafeInteger(hit.id)) out.idUnsafe = true;
  return out;
}

function kernelJson(k) {
  return k ? { header: hex(k.header), image: hex(k.image) } : null;
}

function ebpfJson(e) {
  return e ? { header: hex(e.header), payload: hex(e.payload) } : null;
}

function errorMessage(e) {
  return String((e && e.message) || e);
}

/** Runs fn; returns its value, or records the failure under errors[key] and returns null. */
function guarded(errors, key, fn) {
  try {
    return fn();
  } catch (e) {
    errors[key] = errorMessage(e);
    return null;
  }
}

/** A JSON.stringify replacer for BigInt (manifest fields) - numbers when exact, else decimal strings. */
function bigintReplacer(_key, value) {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  return value;
}

module.exports = { loadBinding, hex, jsonNumber, hitJson, kernelJson, ebpfJson, errorMessage, guarded, bigintReplacer };
