// The Node side of the `platform` object the runner and adapters use (a page supplies its own: fetch for
// readBytes, page-relative URLs for url(), performance.memory for memory()).
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function createNodePlatform({ benchDir, rvfDist }) {
  const require = createRequire(join(benchDir, 'package.json'));
  const tempDir = mkdtempSync(join(tmpdir(), 'rvf-bench-'));
  const distDir = resolve(rvfDist);
  return {
    name: 'node',
    family: 'node',
    version: process.version,
    now: () => performance.now(),
    memory: () => {
      const m = process.memoryUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
    },
    maxRss: () => process.resourceUsage().maxRSS * 1024,
    gc: () => { if (globalThis.gc) { globalThis.gc(); globalThis.gc(); } },
    /** URL of a file below bench/ (for import()). */
    url: (path) => pathToFileURL(join(benchDir, path)).href,
    /** Bytes of a file below bench/. */
    readBytes: async (path) => new Uint8Array(readFileSync(join(benchDir, path))),
    rvfDistUrl: (file) => pathToFileURL(join(distDir, file)).href,
    readRvfDist: async (file) => new Uint8Array(readFileSync(join(distDir, file))),
    rvfDistLabel: () => relative(resolve(benchDir, '..'), distDir) || distDir,
    rvfDistExists: () => existsSync(join(distDir, 'rvf.js')),
    /** Silences console output of chatty libraries (returns { restore }). */
    quietConsole: () => {
      const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
      console.log = console.info = console.warn = console.error = () => {};
      return { restore: () => Object.assign(console, saved) };
    },
    /** Node-only services (the native binding needs a require() and file paths). */
    node: {
      require,
      tempPath: (name) => join(tempDir, name),
      fileSize: (path) => statSync(path).size,
      remove: (path) => rmSync(path, { force: true }),
    },
    dispose: () => rmSync(tempDir, { recursive: true, force: true }),
  };
}
