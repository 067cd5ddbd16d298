// Byte encodings shared with the Java core: metadata rows and filter expressions (docs/ABI.md).

import { RvfError } from "./errors.js";
import { describe } from "./runtime.js";

export const utf8 = new TextEncoder();
const VALUE_STRING = 1;
const VALUE_NUMBER = 2;
const VALUE_BOOLEAN = 3;

/** A little-endian byte builder for the ABI's encodings. */
class Bytes {
  #buf = new Uint8Array(64);
  #view = new DataView(this.#buf.buffer);
  length = 0;

  #room(n) {
    if (this.length + n > this.#buf.length) {
      const bigger = new Uint8Array(Math.max(this.#buf.length * 2, this.length + n));
      bigger.set(this.#buf.subarray(0, this.length));
      this.#buf = bigger;
      this.#view = new DataView(bigger.buffer);
    }
  }

  u8(v) {
    this.#room(1);
    this.#buf[this.length++] = v;
    return this;
  }

  u16(v) {
    this.#room(2);
    this.#view.setUint16(this.length, v, true);
    this.length += 2;
    return this;
  }

  u32(v) {
    this.#room(4);
    this.#view.setUint32(this.length, v, true);
    this.length += 4;
    return this;
  }

  f64(v) {
    this.#room(8);
    this.#view.setFloat64(this.length, v, true);
    this.length += 8;
    return this;
  }

  string(s) {
    const bytes = utf8.encode(s);
    this.u32(bytes.length);
    this.#room(bytes.length);
    this.#buf.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  value(v, where) {
    if (typeof v === "string") {
      return this.u8(VALUE_STRING).string(v);
    }
    if (typeof v === "number" || typeof v === "bigint") {
      const n = Number(v);
      if (Number.isNaN(n)) {
        throw new RvfError("INVALID_ARGUMENT", `${where}: NaN is not a metadata value`);
      }
      return this.u8(VALUE_NUMBER).f64(n);
    }
    if (typeof v === "boolean") {
      return this.u8(VALUE_BOOLEAN).u8(v ? 1 : 0);
    }
    throw new RvfError("INVALID_ARGUMENT", `${where}: a metadata value must be a string, number or boolean, `
      + `not ${describe(v)}`);
  }

  toUint8Array() {
    return this.#buf.slice(0, this.length);
  }
}

/** `u32 rowCount, rows` with a row = `u16 fieldCount, (str name, value)*` (MetadataCodec's row encoding). */
export function encodeMetadata(rows, count) {
  if (!Array.isArray(rows) || rows.length !== count) {
    throw new RvfError("INVALID_ARGUMENT", `metadata must be an array with one object per vector (${count}), `
      + `not ${Array.isArray(rows) ? `${rows.length} entries` : describe(rows)}`);
  }
  const out = new Bytes().u32(count);
  rows.forEach((row, i) => {
    if (row === null || row === undefined) {
      out.u16(0);
      return;
    }
    if (typeof row !== "object" || Array.isArray(row)) {
      throw new RvfError("INVALID_ARGUMENT", `metadata[${i}] must be a plain object, not ${describe(row)}`);
    }
    const entries = Object.entries(row).filter(([, v]) => v !== undefined && v !== null);
    if (entries.length > 0xffff) {
      throw new RvfError("INVALID_ARGUMENT", `metadata[${i}] has more than 65535 fields`);
    }
    out.u16(entries.length);
    for (const [name, value] of entries) {
      if (name.length === 0) {
        throw new RvfError("INVALID_ARGUMENT", `metadata[${i}] has an empty field name`);
      }
      out.string(name).value(value, `metadata[${i}].${name}`);
    }
  });
  return out.toUint8Array();
}

const FILTER_OPS = Object.freeze({ eq: 1, ne: 2, lt: 3, le: 4, gt: 5, ge: 6, in: 7, range: 8, and: 9, or: 10,
  not: 11 });

/** A value of the reference SDK's typed form (`valueType` + string value) or a plain JS value. */
function filterValue(value, valueType, where) {
  if (valueType === undefined || valueType === null) {
    return value;
  }
  switch (String(valueType).toLowerCase()) {
    case "string":
      return String(value);
    case "bool":
    case "boolean":
      return value === true || value === "true";
    case "u64":
    case "i64":
    case "f64":
    case "number": {
      const n = typeof value === "string" ? Number(value.trim()) : Number(value);
      if (Number.isNaN(n) || (typeof value === "string" && value.trim() === "")) {
        throw new RvfError("INVALID_ARGUMENT", `${where}: "${value}" is not a ${valueType}`);
      }
      return n;
    }
    default:
      throw new RvfError("INVALID_ARGUMENT", `${where}: unknown valueType "${valueType}"`);
  }
}

/** FilterCodec's binary form of a filter object (see RvfFilter in rvf.d.ts). */
export function encodeFilter(filter) {
  const out = new Bytes();
  writeFilter(out, typeof filter === "string" ? parseFilterJson(filter) : filter, "filter", 0);
  return out.toUint8Array();
}

function parseFilterJson(text) {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RvfError("INVALID_ARGUMENT", `filter is not valid JSON: ${cause.message}`, { cause });
  }
}

function writeFilter(out, f, where, depth) {
  if (depth > 64) {
    throw new RvfError("LIMIT_EXCEEDED", "filter nested deeper than 64");
  }
  if (f === null || typeof f !== "object" || Array.isArray(f)) {
    throw new RvfError("INVALID_ARGUMENT", `${where} must be an object like { op: "eq", field, value }, `
      + `not ${describe(f)}`);
  }
  const op = String(f.op ?? "").toLowerCase();
  const code = FILTER_OPS[op];
  if (code === undefined) {
    throw new RvfError("INVALID_ARGUMENT", `${where}: unknown op "${f.op}" (expected one of `
      + `${Object.keys(FILTER_OPS).join(", ")})`);
  }
  out.u8(code);
  if (op === "and" || op === "or") {
    const children = f.exprs ?? f.children;
    if (!Array.isArray(children)) {
      throw new RvfError("INVALID_ARGUMENT", `${where}: "${op}" needs an array "exprs"`);
    }
    out.u32(children.length);
    children.forEach((c, i) => writeFilter(out, c, `${where}.exprs[${i}]`, depth + 1));
    return;
  }
  if (op === "not") {
    writeFilter(out, f.expr ?? f.child, `${where}.expr`, depth + 1);
    return;
  }
  const field = f.field ?? (f.fieldId === undefined ? undefined : String(f.fieldId));
  if (typeof field !== "string" || field.length === 0) {
    throw new RvfError("INVALID_ARGUMENT", `${where}: "${op}" needs a field name ("field" or "fieldId")`);
  }
  out.string(field);
  if (op === "in") {
    if (!Array.isArray(f.values)) {
      throw new RvfError("INVALID_ARGUMENT", `${where}: "in" needs an array "values"`);
    }
    out.u32(f.values.length);
    f.values.forEach((v, i) => out.value(filterValue(v, f.valueType, where), `${where}.values[${i}]`));
  } else if (op === "range") {
    out.value(filterValue(f.low, f.valueType, where), `${where}.low`);
    out.value(filterValue(f.high, f.valueType, where), `${where}.high`);
  } else {
    out.value(filterValue(f.value, f.valueType, where), `${where}.value`);
  }
}

export const utf8Decoder = new TextDecoder();

/** Reads one MetadataCodec row at `at`; returns it and the offset after it. */
export function decodeRow(v, at) {
  const fields = v.getUint16(at, true);
  at += 2;
  const row = {};
  for (let i = 0; i < fields; i++) {
    const nameLength = v.getUint32(at, true);
    const name = utf8Decoder.decode(new Uint8Array(v.buffer, v.byteOffset + at + 4, nameLength));
    at += 4 + nameLength;
    const kind = v.getUint8(at++);
    if (kind === VALUE_STRING) {
      const length = v.getUint32(at, true);
      row[name] = utf8Decoder.decode(new Uint8Array(v.buffer, v.byteOffset + at + 4, length));
      at += 4 + length;
    } else if (kind === VALUE_NUMBER) {
      row[name] = v.getFloat64(at, true);
      at += 8;
    } else {
      row[name] = v.getUint8(at++) !== 0;
    }
  }
  return { row, at };
}
