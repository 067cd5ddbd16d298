// The page side of the `platform` object (see src/core/runner.mjs): fetch instead of files, URLs relative to
// the bench/ folder served over HTTP, performance.memory (Chromium) instead of process figures.
export function createBrowserPlatform({ benchRoot, rvfDist }) {
  const distRoot = new URL(rvfDist.endsWith('/') ? rvfDist : `${rvfDist}/`, benchRoot);
  const fetchBytes = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  return {
    name: 'chromium',
    family: 'browser',
    version: navigator.userAgent,
    now: () => performance.now(),
    // Chromium only, coarse (bucketed) unless the page is cross-origin isolated.
    memory: () => (performance.memory ? { heapUsed: performance.memory.usedJSHeapSize } : null),
    maxRss: () => null,
    gc: () => { if (globalThis.gc) globalThis.gc(); },       // with --js-flags=--expose-gc
    url: (path) => new URL(path, benchRoot).href,
    readBytes: (path) => fetchBytes(new URL(path, benchRoot)),
    rvfDistUrl: (file) => new URL(file, distRoot).href,
    readRvfDist: (file) => fetchBytes(new URL(file, distRoot)),
    rvfDistLabel: () => distRoot.pathname.replace(/\/$/, ''),
    quietConsole: () => {
      const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
      console.log = console.info = console.warn = console.error = () => {};
      return { restore: () => Object.assign(console, saved) };
    },
    dispose: () => {},
  };
}
