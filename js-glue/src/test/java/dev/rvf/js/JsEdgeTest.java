package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.js.JsRuntimes.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 in JS runtimes: the tests in src/test/js/edge (a 10,000-cycle soak watching Wasm memory and the JS heap,
 * 200 MB hostile inputs, an ingest beyond the 1 GiB block cap) under Node 24 and Deno, with a collectable heap
 * ({@code --expose-gc}) and one test file at a time (they need up to about 1.5 GB each).
 */
class JsEdgeTest {
    private static final Path EDGE_DIR = JsRuntimes.JS_DIR.resolve("edge");

    @Test
    void node24PassesTheEdgeTests() throws Exception {
        JsRuntimes.dist();
        List<String> command = new ArrayList<>(List.of(JsRuntimes.binary(JsRuntimes.NODE_24).toString(),
                "--expose-gc", "--test", "--test-concurrency=1", "--test-reporter=tap"));
        command.addAll(testScripts());
        Run run = JsRuntimes.run("node24-edge", command, EDGE_DIR);
        Matcher passed = Pattern.compile("(?m)^# pass (\\d+)$").matcher(run.output());
        Matcher failed = Pattern.compile("(?m)^# fail (\\d+)$").matcher(run.output());
        assertTrue(passed.find() && failed.find(), "no Node 24 summary lines in the output above");
        JsRuntimes.report("Node 24 (edge)", run, Integer.parseInt(passed.group(1)), Integer.parseInt(failed.group(1)));
    }

    @Test
    void denoPassesTheEdgeTests() throws Exception {
        Path dist = JsRuntimes.dist();
        List<String> command = new ArrayList<>(List.of(JsRuntimes.binary(JsRuntimes.DENO).toString(), "test",
                "--v8-flags=--expose-gc", "--no-check", "--no-prompt", "--cached-only",
                "--allow-read=" + dist + "," + JsRuntimes.JS_DIR));
        command.addAll(testScripts());
        Run run = JsRuntimes.run("deno-edge", command, EDGE_DIR);
        Matcher summary = Pattern.compile("(\\d+) passed \\| (\\d+) failed").matcher(run.output());
        assertTrue(summary.find(), "no Deno summary line in the output above");
        JsRuntimes.report("Deno (edge)", run, Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)));
    }

    private static List<String> testScripts() throws IOException {
        try (Stream<Path> files = Files.list(EDGE_DIR)) {
            List<String> scripts = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".test.mjs")).sorted().toList();
            assertTrue(!scripts.isEmpty(), "no *.test.mjs in " + EDGE_DIR);
            return scripts;
        }
    }
}
