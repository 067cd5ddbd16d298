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
 * The package inside workerd, the Cloudflare Workers runtime: a worker imports rvf.js and rvf.wasm (embedded as a
 * WebAssembly.Module, the only form Workers accept) and runs the raw-ABI checks ({@code workerd test}), then
 * serves a computation through the module over HTTP ({@code workerd serve}).
 */
class WorkerdTest {
    /** Must not be later than the workerd binary's own date (npm 1.20261117.1 is 2026-11-17). */
    private static final String COMPATIBILITY_DATE = "2025-01-01";
    private static final Path CONFIG_DIR = JsRuntimes.MODULE_DIR.resolve("target/workerd");

    @Test
    void workerRunsTheAbiChecks() throws Exception {
        Path config = writeConfig("test.capnp", null);
        Run run = JsRuntimes.run("workerd-test", List.of(JsRuntimes.binary(JsRuntimes.WORKERD).toString(), "test",
                config.toString()), CONFIG_DIR);
        Matcher summary = Pattern.compile("workerd checks: (\\d+) passed, (\\d+) failed").matcher(run.output());
        assertTrue(summary.find(), "no summary line from the worker in the output above");
        assertTrue(run.output().contains("[ PASS ] main"), "workerd did not report the test as passed");
        JsRuntimes.report("workerd", run, Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)));
    }

    @Test
    void workerServesAComputationThroughTheModule() throws Exception {
        int port = freePort();
        Path config = writeConfig("serve.capnp", "127.0.0.1:" + port);
        Path log = JsRuntimes.LOG_DIR.resolve("workerd-serve.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(JsRuntimes.binary(JsRuntimes.WORKERD).toString(), "serve",
                config.toString()).directory(CONFIG_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process workerd = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpResponse<String> dot = getWhenUp(client, base.resolve("/dot?a=1,2,3,0.5&b=4,5,6,2"), workerd, log);
            assertEquals(200, dot.statusCode(), dot.body());
            assertEquals("{\"dot\":33}", dot.body(), "1*4 + 2*5 + 3*6 + 0.5*2");

            HttpResponse<String> misuse = client.send(HttpRequest.newBuilder(base.resolve("/dot?a=1,2&b=3"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, misuse.statusCode(), misuse.body());
            assertTrue(misuse.body().startsWith("{\"code\":\"BAD_POINTER\",\"message\":\"pointer or length outside "
                    + "a live allocated block - tile_dot_f32: b ["), misuse.body());
            System.out.println("workerd serve: 2 requests answered, " + (System.nanoTime() - start) / 1_000_000
                    + " ms from start");
        } finally {
            workerd.destroy();
            if (!workerd.waitFor(10, TimeUnit.SECONDS)) {
                workerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.out.println(Files.readString(log, StandardCharsets.UTF_8));
        }
        assertTrue(!workerd.isAlive(), "workerd is still running");
    }

    /** GET, retrying while workerd is still starting (connection refused), for at most 15 s. */
    private static HttpResponse<String> getWhenUp(HttpClient client, URI uri, Process workerd, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException notYet) {
                if (!workerd.isAlive()) {
                    fail("workerd exited with " + workerd.exitValue() + ": " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("workerd did not accept connections on " + uri + " within 15 s");
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

    /**
     * Writes a workerd config into target/workerd. Embedded files are named relative to the config (capnp reads
     * an absolute embed path as one inside its import path, not the file system).
     */
    private static Path writeConfig(String name, String address) throws IOException {
        Path dist = JsRuntimes.dist();
        Files.createDirectories(CONFIG_DIR);
        String sockets = address == null ? ""
                : "  sockets = [ (name = \"http\", address = \"" + address + "\", http = (), service = \"main\") ],\n";
        String config = "using Workerd = import \"/workerd/workerd.capnp\";\n"
                + "const config :Workerd.Config = (\n"
                + "  services = [ (name = \"main\", worker = .rvfWorker) ],\n"
                + sockets
                + ");\n"
                + "const rvfWorker :Workerd.Worker = (\n"
                + "  modules = [\n"
                + module("worker.mjs", "esModule", JsRuntimes.JS_DIR.resolve("workerd/worker.mjs"))
                + JsRuntimes.packageModules().stream().map(f -> module(f, "esModule", dist.resolve(f))).collect(Collectors.joining())
                + module("abi_checks.mjs", "esModule", JsRuntimes.JS_DIR.resolve("abi_checks.mjs"))
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
