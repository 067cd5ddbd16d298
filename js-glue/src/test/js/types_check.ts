// Type-checked (never run) by `deno check`: uses the public API as a TypeScript user would, through the types
// rvf.js points to (rvf.d.ts). The @ts-expect-error lines prove that wrong uses are rejected.
import init, { ERROR_CODES, RvfError, type RvfErrorCode, type RvfExports, type RvfInstance }
  from "../../../target/dist/rvf.js";

export async function usesTheApi(module: WebAssembly.Module, bytes: Uint8Array): Promise<number> {
  const fromDefault: RvfInstance = await init();
  const fromUrl = await init(new URL("https://example.org/rvf.wasm"));
  const fromString = await init("./rvf.wasm");
  const fromModule = await init(module);
  const fromBytes = await init(bytes);
  const fromBuffer = await init(bytes.buffer as ArrayBuffer);
  const fromResponse = await init(fetch("rvf.wasm"));
  const exports: Readonly<RvfExports> = fromDefault.exports;
  const memory: WebAssembly.Memory = fromUrl.memory;
  const ptr: number = exports.rvf_alloc(16);
  const status: number = exports.tile_dot_f32(ptr, ptr, 2, ptr + 8) + exports.rvf_free(ptr);
  const tiles: number = fromString.exports.tile_batch_distance(0, ptr, ptr, 1, 2, ptr + 8)
    + fromString.exports.parse_manifest(ptr, 16, 0, ptr, 0, 0) + fromString.exports.tile_accumulate(ptr, ptr, 2, 0.5);
  // @ts-expect-error: tile_dot_many_f32 was replaced by tile_batch_distance
  fromString.exports.tile_dot_many_f32(ptr, ptr, 1, 2, ptr + 8);
  const messageLength: number = fromModule.exports.rvf_last_error(0, 0);
  // @ts-expect-error: there is no such export
  fromBytes.exports.rvf_query(1);
  // @ts-expect-error: exports are read-only
  fromBuffer.exports.rvf_alloc = () => 0;
  // @ts-expect-error: init takes one input
  await init(module, bytes);
  return status + tiles + messageLength + memory.buffer.byteLength + fromResponse.memory.buffer.byteLength;
}

export function handles(error: unknown): RvfErrorCode | undefined {
  if (error instanceof RvfError) {
    const code: RvfErrorCode = error.code;
    const status: number = error.status;
    const message: string = error.message;
    const name: "RvfError" = error.name;
    // @ts-expect-error: codes are a closed set of names
    const wrong: RvfErrorCode = "NO_SUCH_CODE";
    return status === ERROR_CODES[code] && message !== name && wrong !== code ? code : undefined;
  }
  return undefined;
}

export const made: RvfError = new RvfError("NOT_FOUND", "missing", { cause: new Error("inner") });
// @ts-expect-error: ERROR_CODES is read-only
ERROR_CODES.NOT_FOUND = 1;
