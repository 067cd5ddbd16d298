// The check pages' shared runner: runs named checks, shows them in the page's table and publishes the outcome on
// window[resultName] ({ userAgent, results: [{ name, ok, error }], fatal, ...extra }) for the Java test to read.

export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Runs `[{ name, run }]` one after another after the `results` already there; returns all as `{ name, ok, error }`. */
export async function runChecks(checks, results = []) {
  for (const { name, run } of checks) {
    try {
      await run();
      results.push({ name, ok: true, error: null });
    } catch (error) {
      results.push({ name, ok: false, error: String(error?.stack ?? error) });
    }
  }
  return results.map(({ name, ok, error }) => ({ name, ok, error: error ?? null }));
}

/** Awaits `work()` (resolving to `{ results, ...extra }`), shows the results and publishes them. */
export async function publish(resultName, work) {
  try {
    const { results, ...extra } = await work();
    show(results);
    window[resultName] = { userAgent: navigator.userAgent, results, fatal: null, ...extra };
  } catch (error) {
    document.getElementById("summary").textContent = `could not run: ${error?.stack ?? error}`;
    window[resultName] = { results: [], fatal: String(error?.stack ?? error) };
  }
}

function show(results) {
  const table = document.getElementById("results");
  for (const { name, ok, error } of results) {
    const row = table.insertRow();
    row.insertCell().textContent = ok ? "ok" : "FAILED";
    row.cells[0].className = ok ? "ok" : "failed";
    const detail = row.insertCell();
    detail.textContent = name;
    if (error) {
      const pre = document.createElement("pre");
      pre.textContent = error;
      detail.append(pre);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  document.getElementById("summary").textContent =
    `${results.length - failed} passed, ${failed} failed - ${navigator.userAgent}`;
}
