package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * RvfStore inside workerd (Cloudflare Workers): workerd/store_worker.mjs runs the shared store checks
 * (store_checks.mjs) in {@code workerd test}, and in {@code workerd serve} keeps one store across HTTP requests.
 */
class WorkerdStoreTest {
    /** Must not be later than the workerd binary's own date (npm 1.20261117.1 is 2026-11-17). */
    private static final String COMPATIBILITY_DATE = "2025-01-01";
    private static final Path CONFIG_DIR = JsRuntimes.MODULE_DIR.resolve("target/workerd-store");

    @Test
    void workerRunsTheStoreChecks() throws Exception {
        Path config = writeConfig("test.capnp", null);
        Run run = JsRuntimes.run("workerd-store-test", List.of(
                JsRuntimes.binary(JsRuntimes.WORKERD).toString(), "test", config.toString()), CONFIG_DIR);
        Matcher summary = Pattern.compile("workerd store checks: (\\d+) passed, (\\d+) failed").matcher(run.output());
        assertTrue(summary.find(), "no summary line from the worker in the output above");
        assertTrue(run.output().contains("[ PASS ] main"), "workerd did not report the test as passed");
        JsRuntimes.report("workerd (store)", run, Integer.parseInt(summary.group(1)),
                Integer.parseInt(summary.group(2)));
    }

    @Test
    void aStoreAnswersAcrossRequests() throws Exception {
        int port = freePort();
        Path config = writeConfig("serve.capnp", "127.0.0.1:" + port);
        Path log = JsRuntimes.LOG_DIR.resolve("workerd-store-serve.log");
        Files.createDirectories(log.getParent());
        Process workerd = new ProcessBuilder(JsRuntimes.binary(JsRuntimes.WORKERD).toString(), "serve",
                config.toString()).directory(CONFIG_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long start = System.nanoTime();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpResponse<String> first = sendWhenUp(client, post(base.resolve("/ingest?id=7"), "1,2,3"), workerd, log);
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("{\"accepted\":1,\"epoch\":1}", first.body());
            HttpResponse<String> second = send(client, post(base.resolve("/ingest?id=8"), "1,2,4"));
            assertEquals("{\"accepted\":1,\"epoch\":2}", second.body(), "the store kept the first request's vector");
            HttpResponse<String> query = send(client, HttpRequest.newBuilder(base.resolve("/query?v=1,2,3.5&k=2"))
                    .timeout(Duration.ofSeconds(10)).build());
            assertEquals("[{\"id\":7,\"distance\":0.25},{\"id\":8,\"distance\":0.25}]", query.body());
            HttpResponse<String> misuse = send(client, HttpRequest.newBuilder(base.resolve("/query?v=1,2&k=1"))
                    .timeout(Duration.ofSeconds(10)).build());
            assertEquals(400, misuse.statusCode(), misuse.body());
            assertTrue(misuse.body().startsWith("{\"code\":\"DIMENSION_MISMATCH\""), misuse.body());
            System.out.println("workerd serve (store): 4 requests answered, " + (System.nanoTime() - start) / 1_000_000
                    + " ms from start");
        } finally {
            workerd.destroy();
            if (!workerd.waitFor(10, TimeUnit.SECONDS)) {
                workerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.out.println(Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends, retrying while workerd is still starting (connection refused), for at most 15 s. */
    private static HttpResponse<String> sendWhenUp(HttpClient client, HttpRequest request, Process workerd, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return send(client, request);
            } catch (ConnectException notYet) {
                if (!workerd.isAlive()) {
                    fail("workerd exited with " + workerd.exitValue() + ": " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("workerd did not accept connections within 15 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A workerd config in target/workerd-store; embedded files are named relative to it (capnp's rule). */
    private static Path writeConfig(String name, String address) throws IOException {
        Path dist = JsRuntimes.dist();
        Files.createDirectories(CONFIG_DIR);
        String sockets = address == null ? ""
                : "  sockets = [ (name = \"http\", address = \"" + address + "\", http = (), service = \"main\") ],\n";
        String config = "using Workerd = import \"/workerd/workerd.capnp\";\n"
                + "const config :Workerd.Config = (\n"
                + "  services = [ (name = \"main\", worker = .storeWorker) ],\n"
                + sockets
                + ");\n"
                + "const storeWorker :Workerd.Worker = (\n"
                + "  modules = [\n"
                + module("store_worker.mjs", "esModule", JsRuntimes.JS_DIR.resolve("workerd/store_worker.mjs"))
                + JsRuntimes.packageModules().stream().map(f -> module(f, "esModule", dist.resolve(f))).collect(Collectors.joining())
                + module("store_checks.mjs", "esModule", JsRuntimes.JS_DIR.resolve("store_checks.mjs"))
                + module("rvf.wasm", "wasm", dist.resolve("rvf.wasm"))
                + "  ],\n"
                + "  compatibilityDate = \"" + COMPATIBILITY_DATE + "\",\n"
                + ");\n";
        Path file = CONFIG_DIR.resolve(name);
        Files.writeString(file, config);
        return file;
    }

    private static String module(String name, String kind, Path file) {
        String relative = CONFIG_DIR.relativize(file).toString().replace('\\', '/');
        return "    (name = \"" + name + "\", " + kind + " = embed \"" + relative + "\"),\n";
    }
}
