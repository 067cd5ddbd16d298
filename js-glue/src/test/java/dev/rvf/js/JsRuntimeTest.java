package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rvf.js.JsRuntimes.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the JS tests in src/test/js (*.test.mjs: raw-ABI checks, some over the reference samples in ../shared/samples
 * and docs/ABI.md, and tests of rvf.js) against the package in target/dist under Deno and Node 24, type-checks
 * rvf.d.ts through types_check.ts, and checks that Node 20 (no Wasm GC) gets a clear RvfError.
 */
class JsRuntimeTest {

    @Test
    void denoPassesTheJsTests() throws Exception {
        Path dist = JsRuntimes.dist();
        // database.test.mjs writes its files here (the only place Deno may write)
        Path dbTests = Files.createDirectories(JsRuntimes.MODULE_DIR.resolve("target/db-tests"));
        List<String> command = new ArrayList<>(List.of(JsRuntimes.binary(JsRuntimes.DENO).toString(), "test",
                // Plain JS tests: type checking belongs to types_check.ts (and would want @types/node).
                "--no-check", "--no-prompt", "--cached-only",
                "--allow-read=" + dist + "," + JsRuntimes.JS_DIR + "," + JsRuntimes.SAMPLES_DIR + ","
                        + JsRuntimes.repositoryRoot().resolve("docs") + "," + dbTests,
                "--allow-write=" + dbTests));
        command.addAll(testScripts());
        Run run = JsRuntimes.run("deno", command, JsRuntimes.JS_DIR);
        Matcher summary = Pattern.compile("(\\d+) passed \\| (\\d+) failed").matcher(run.output());
        assertTrue(summary.find(), "no Deno summary line in the output above");
        JsRuntimes.report("Deno", run, Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)));
    }

    @Test
    void node24PassesTheJsTests() throws Exception {
        JsRuntimes.dist();
        List<String> command = new ArrayList<>(List.of(JsRuntimes.binary(JsRuntimes.NODE_24).toString(), "--test",
                "--test-reporter=tap"));
        command.addAll(testScripts());
        Run run = JsRuntimes.run("node24", command, JsRuntimes.JS_DIR);
        reportTap("Node 24", run);
    }

    @Test
    void denoTypeChecksTheDeclarations() throws Exception {
        JsRuntimes.dist();
        Run run = JsRuntimes.run("deno-check", List.of(JsRuntimes.binary(JsRuntimes.DENO).toString(), "check",
                "--cached-only", "types_check.ts"), JsRuntimes.JS_DIR);
        assertEquals(0, run.exitCode(), "deno check types_check.ts failed (output above)");
        System.out.println("deno check types_check.ts: ok (" + run.millis() + " ms)");
    }

    /** Node 20 cannot load Wasm GC at all: rvf.js must say which engines can instead of a raw CompileError. */
    @Test
    void node20GetsAnRvfErrorNamingTheSupportedEngines() throws Exception {
        JsRuntimes.dist();
        Path node20 = Paths.get("/usr/bin/node");
        assumeTrue(Files.isExecutable(node20), "no /usr/bin/node on this machine");
        Run version = JsRuntimes.run("node20-version", List.of(node20.toString(), "--version"), JsRuntimes.JS_DIR);
        assumeTrue(version.output().startsWith("v20."), "/usr/bin/node is " + version.output().strip()
                + ", not the Node 20 this test needs");
        Run run = JsRuntimes.run("node20", List.of(node20.toString(), "--test", "--test-reporter=tap",
                "no-wasm-gc/unsupported.test.mjs"), JsRuntimes.JS_DIR);
        reportTap("Node 20", run);
    }

    private static void reportTap(String runtime, Run run) {
        Matcher passed = Pattern.compile("(?m)^# pass (\\d+)$").matcher(run.output());
        Matcher failed = Pattern.compile("(?m)^# fail (\\d+)$").matcher(run.output());
        assertTrue(passed.find() && failed.find(), "no " + runtime + " summary lines in the output above");
        JsRuntimes.report(runtime, run, Integer.parseInt(passed.group(1)), Integer.parseInt(failed.group(1)));
    }

    private static List<String> testScripts() throws IOException {
        try (Stream<Path> files = Files.list(JsRuntimes.JS_DIR)) {
            List<String> scripts = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".test.mjs")).sorted().toList();
            assertTrue(!scripts.isEmpty(), "no *.test.mjs in " + JsRuntimes.JS_DIR);
            return scripts;
        }
    }
}
