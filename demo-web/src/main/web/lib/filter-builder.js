// The metadata filter of a search: conditions (field, op, value) combined with "all"/"any", or the filter as JSON.
// Produces the filter objects rvf.js takes ({ op: "eq", field, value }, { op: "and", exprs: [...] }, ...).
import { RvfError } from "../rvf.js";

const OPS = [
  ["eq", "="], ["ne", "≠"], ["lt", "<"], ["le", "≤"], ["gt", ">"], ["ge", "≥"], ["in", "in"], ["range", "range"],
];
const PLACEHOLDER = { in: "a, b, c", range: "low, high" };

export class FilterBuilder {
  #root;
  #rows;
  #combine;
  #jsonToggle;
  #json;
  #fields = new Map();
  #datalist;

  /** root holds: .filter-rows, .filter-add, .filter-combine (select), .filter-json-toggle, .filter-json */
  constructor(root) {
    this.#root = root;
    this.#rows = root.querySelector(".filter-rows");
    this.#combine = root.querySelector(".filter-combine");
    this.#jsonToggle = root.querySelector(".filter-json-toggle");
    this.#json = root.querySelector(".filter-json");
    this.#datalist = document.createElement("datalist");
    this.#datalist.id = `${root.id}-fields`;
    root.append(this.#datalist);
    root.querySelector(".filter-add").addEventListener("click", () => this.addRow());
    this.#jsonToggle.addEventListener("change", () => this.#toggleJson());
    this.#rows.addEventListener("input", () => this.#updateCombine());
  }

  /** Field names (and kinds: "number", "string", "boolean") offered for the field inputs. */
  setFields(fields) {
    this.#fields = new Map(fields.map((f) => [f.name, f.kind]));
    this.#datalist.replaceChildren(...fields.map((f) => {
      const o = document.createElement("option");
      o.value = f.name;
      o.label = f.kind;
      return o;
    }));
  }

  addRow(field = "", op = "eq", value = "") {
    const row = document.createElement("div");
    row.className = "filter-row";
    const fieldInput = document.createElement("input");
    fieldInput.className = "filter-field";
    fieldInput.placeholder = "field";
    fieldInput.setAttribute("list", this.#datalist.id);
    fieldInput.setAttribute("aria-label", "Metadata field");
    fieldInput.value = field;
    const opSelect = document.createElement("select");
    opSelect.className = "filter-op";
    opSelect.setAttribute("aria-label", "Comparison");
    for (const [name, label] of OPS) {
      const o = document.createElement("option");
      o.value = name;
      o.textContent = label;
      opSelect.append(o);
    }
    opSelect.value = op;
    const valueInput = document.createElement("input");
    valueInput.className = "filter-value";
    valueInput.setAttribute("aria-label", "Value");
    valueInput.value = value;
    const setPlaceholder = () => {
      valueInput.placeholder = PLACEHOLDER[opSelect.value] ?? "value";
    };
    setPlaceholder();
    opSelect.addEventListener("change", setPlaceholder);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "icon-button";
    remove.title = "Remove this condition";
    remove.setAttribute("aria-label", "Remove condition");
    remove.textContent = "×";
    remove.addEventListener("click", () => {
      row.remove();
      this.#updateCombine();
    });
    row.append(fieldInput, opSelect, valueInput, remove);
    this.#rows.append(row);
    this.#updateCombine();
    return row;
  }

  clear() {
    this.#rows.replaceChildren();
    this.#jsonToggle.checked = false;
    this.#toggleJson();
    this.#updateCombine();
  }

  /** The filter: null (none), an object from the conditions, or the JSON text (rvf.js parses and checks it). */
  value() {
    if (this.#jsonToggle.checked) {
      const text = this.#json.value.trim();
      return text === "" ? null : text;
    }
    return this.#fromRows();
  }

  #fromRows() {
    const exprs = [];
    for (const row of this.#rows.querySelectorAll(".filter-row")) {
      const field = row.querySelector(".filter-field").value.trim();
      const op = row.querySelector(".filter-op").value;
      const text = row.querySelector(".filter-value").value;
      if (field === "") {
        continue;
      }
      const kind = this.#fields.get(field);
      if (op === "in") {
        exprs.push({ op, field, values: splitList(text).map((t) => parseValue(t, kind, field)) });
      } else if (op === "range") {
        const parts = splitList(text);
        if (parts.length !== 2) {
          throw new RvfError("INVALID_ARGUMENT", `range on "${field}" needs two values: low, high`);
        }
        exprs.push({ op, field, low: parseValue(parts[0], kind, field), high: parseValue(parts[1], kind, field) });
      } else {
        exprs.push({ op, field, value: parseValue(text.trim(), kind, field) });
      }
    }
    if (exprs.length === 0) {
      return null;
    }
    return exprs.length === 1 ? exprs[0] : { op: this.#combine.value, exprs };
  }

  #toggleJson() {
    const on = this.#jsonToggle.checked;
    if (on) {
      let current = null;
      try {
        current = this.#fromRows();
      } catch {
        // keep the text area empty: the conditions are not valid yet
      }
      if (current !== null || this.#json.value.trim() === "") {
        this.#json.value = current === null ? "" : JSON.stringify(current, null, 2);
      }
    }
    this.#json.hidden = !on;
    this.#root.classList.toggle("json-mode", on);
  }

  #updateCombine() {
    this.#combine.parentElement.hidden = this.#rows.children.length < 2;
  }
}

function splitList(text) {
  return text.split(",").map((t) => t.trim()).filter((t) => t !== "");
}

/** A typed value: by the field's known kind, else true/false, a number, or the text itself. */
function parseValue(text, kind, field) {
  if (kind === "number" || (kind === undefined && text !== "" && !Number.isNaN(Number(text)))) {
    const n = Number(text);
    if (text === "" || Number.isNaN(n)) {
      throw new RvfError("INVALID_ARGUMENT", `"${field}" is a number field; "${text}" is not a number`);
    }
    return n;
  }
  if (kind === "boolean" || (kind === undefined && (text === "true" || text === "false"))) {
    if (text !== "true" && text !== "false") {
      throw new RvfError("INVALID_ARGUMENT", `"${field}" is a boolean field: use true or false, not "${text}"`);
    }
    return text === "true";
  }
  return text;
}
