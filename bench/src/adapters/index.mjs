// Every library the harness measures, in report order. Each module exports `adapter` (see core/adapter.mjs).
export const ADAPTER_MODULES = {
  'rvf-web': './rvf-web.mjs',
  'rvf-wasm': './rvf-wasm.mjs',
  'js-exact': './js-exact.mjs',
  'hnswlib-wasm': './hnswlib-wasm.mjs',
  'edgevec': './edgevec.mjs',
  'rvf-node': './rvf-node.mjs',
};

export async function loadAdapter(name) {
  const path = ADAPTER_MODULES[name];
  if (!path) throw new Error(`unknown adapter ${name} (known: ${Object.keys(ADAPTER_MODULES).join(', ')})`);
  return (await import(path)).adapter;
}
