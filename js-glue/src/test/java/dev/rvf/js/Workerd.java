package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rvf.js.JsRuntimes.Run;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * workerd (Cloudflare's Workers runtime) for the tests: one worker made of a test module, the package's ES modules
 * and rvf.wasm (embedded as a WebAssembly.Module, the only form Workers accept), run by {@code workerd test} or
 * served on a free 127.0.0.1 port by {@code workerd serve}. Closing a server stops it and every process it started.
 */
final class Workerd implements AutoCloseable {
    /** Must not be later than the workerd binary's own date (npm 1.20261117.1 is 2026-11-17). */
    private static final String COMPATIBILITY_DATE = "2025-01-01";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private boolean up;

    private Workerd(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /**
     * Runs {@code workerd test} on a worker whose main module is {@code worker} (plus {@code extra} modules), checks
     * that it passed, and reports the "{@code label}: N passed, M failed" line the worker printed.
     */
    static void test(String label, Path dir, Path worker, Map<String, Path> extra)
            throws IOException, InterruptedException {
        Path config = writeConfig(dir, "test.capnp", worker, extra, null);
        Run run = JsRuntimes.run("workerd-" + dir.getFileName(), List.of(
                JsRuntimes.binary(JsRuntimes.WORKERD).toString(), "test", config.toString()), dir);
        Matcher summary = Pattern.compile(Pattern.quote(label) + " checks: (\\d+) passed, (\\d+) failed")
                .matcher(run.output());
        assertTrue(summary.find(), "no summary line from the worker in the output above");
        assertTrue(run.output().contains("[ PASS ] main"), "workerd did not report the test as passed");
        JsRuntimes.report(label, run, Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)));
    }

    /** Starts {@code workerd serve} for the worker on a free 127.0.0.1 port; its output goes to a log file. */
    static Workerd serve(Path dir, Path worker, Map<String, Path> extra) throws IOException {
        int port = freePort();
        Path config = writeConfig(dir, "serve.capnp", worker, extra, "127.0.0.1:" + port);
        Path log = JsRuntimes.LOG_DIR.resolve(dir.getFileName() + "-serve.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(JsRuntimes.binary(JsRuntimes.WORKERD).toString(), "serve",
                config.toString()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        return new Workerd(process, log, URI.create("http://127.0.0.1:" + port));
    }

    HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT).build();
    }

    HttpRequest post(String pathAndQuery, String body) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Sends; the first request retries while workerd is still starting (connection refused), for at most 15 s. */
    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                up = true;
                return response;
            } catch (ConnectException notYet) {
                if (up) {
                    throw notYet;
                }
                if (!process.isAlive()) {
                    fail("workerd exited with " + process.exitValue() + ": " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("workerd did not accept connections on " + base + " within 15 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops workerd and the processes it started, prints its log, and checks that nothing is left running. */
    @Override
    public void close() throws IOException, InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        System.out.println(Files.readString(log, StandardCharsets.UTF_8));
        assertTrue(!process.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive), "workerd still runs");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Writes {@code dir/name}: the worker's modules are {@code worker} (its main module), the package's ES modules,
     * rvf.wasm, and {@code extra} (name to file: {@code .mjs} as ES modules, anything else as data). Embedded files
     * are named relative to the config (capnp reads an absolute embed path as one inside its import path).
     */
    private static Path writeConfig(Path dir, String name, Path worker, Map<String, Path> extra, String address)
            throws IOException {
        Path dist = JsRuntimes.dist();
        Files.createDirectories(dir);
        StringBuilder modules = new StringBuilder(module(dir, worker.getFileName().toString(), "esModule", worker));
        for (String file : JsRuntimes.packageModules()) {
            modules.append(module(dir, file, "esModule", dist.resolve(file)));
        }
        modules.append(module(dir, "rvf.wasm", "wasm", dist.resolve("rvf.wasm")));
        extra.forEach((module, file) ->
                modules.append(module(dir, module, module.endsWith(".mjs") ? "esModule" : "data", file)));
        String sockets = address == null ? ""
                : "  sockets = [ (name = \"http\", address = \"" + address + "\", http = (), service = \"main\") ],\n";
        String config = "using Workerd = import \"/workerd/workerd.capnp\";\n"
                + "const config :Workerd.Config = (\n"
                + "  services = [ (name = \"main\", worker = .testWorker) ],\n"
                + sockets
                + ");\n"
                + "const testWorker :Workerd.Worker = (\n"
                + "  modules = [\n" + modules + "  ],\n"
                + "  compatibilityDate = \"" + COMPATIBILITY_DATE + "\",\n"
                + ");\n";
        Path file = dir.resolve(name);
        Files.writeString(file, config);
        return file;
    }

    private static String module(Path dir, String name, String kind, Path file) {
        String relative = dir.relativize(file).toString().replace('\\', '/');
        return "    (name = \"" + name + "\", " + kind + " = embed \"" + relative + "\"),\n";
    }
}
