package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.js.JsRuntimes.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * target/dist is an npm package: the right files and package.json, {@code npm pack} makes a tarball of exactly
 * those files, and a project that installs the tarball imports it by name and loads rvf.wasm with plain
 * {@code init()}.
 */
class NpmPackageTest {
    private static final List<String> PACKAGE_FILES =
            List.of("README.md", "codecs.js", "database.js", "errors.js", "package.json", "runtime.js", "rvf.d.ts",
                    "rvf.js", "rvf.wasm", "storage.js", "store.js");

    @Test
    void distHoldsThePackageFilesAndItsManifest() throws IOException {
        Path dist = JsRuntimes.dist();
        try (Stream<Path> files = Files.list(dist)) {
            assertEquals(PACKAGE_FILES, files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String manifest = Files.readString(dist.resolve("package.json")).replaceAll("\\s+", "");
        String version = System.getProperty("rvf.version");
        assertTrue(version != null && !version.isEmpty(), "surefire passes rvf.version");
        for (String expected : List.of("\"name\":\"@rvf-web/rvf\"", "\"version\":\"" + version + "\"",
                "\"type\":\"module\"", "\"types\":\"./rvf.d.ts\"",
                "\"exports\":{\".\":{\"types\":\"./rvf.d.ts\",\"default\":\"./rvf.js\"},"
                        + "\"./rvf.wasm\":\"./rvf.wasm\"}")) {
            assertTrue(manifest.contains(expected), "package.json lacks " + expected + ": " + manifest);
        }
        assertEquals(-1L, Files.mismatch(JsRuntimes.MODULE_DIR.resolve("../wasm-exports/target/wasm/rvf.wasm"),
                dist.resolve("rvf.wasm")), "rvf.wasm is the module wasm-exports built");
    }

    @Test
    void npmPackMakesATarballThatInstallsAndLoadsByName() throws Exception {
        Path dist = JsRuntimes.dist();
        Path packDir = recreate(JsRuntimes.MODULE_DIR.resolve("target/npm-pack"));
        Run pack = JsRuntimes.run("npm-pack", List.of("npm", "pack", "--pack-destination", packDir.toString()),
                dist);
        assertEquals(0, pack.exitCode(), "npm pack failed (output above)");
        Path tarball;
        try (Stream<Path> files = Files.list(packDir)) {
            tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow(
                    () -> new AssertionError("npm pack wrote no .tgz to " + packDir));
        }
        assertEquals("rvf-web-rvf-" + System.getProperty("rvf.version") + ".tgz", tarball.getFileName().toString());
        Run list = JsRuntimes.run("npm-pack-list", List.of("tar", "-tzf", tarball.toString()), packDir);
        assertEquals(PACKAGE_FILES.stream().map(f -> "package/" + f).toList(),
                list.output().lines().sorted().toList(), "files in the tarball");

        Path consumer = recreate(JsRuntimes.MODULE_DIR.resolve("target/npm-consumer"));
        Files.writeString(consumer.resolve("package.json"),
                "{\"name\":\"rvf-consumer\",\"private\":true,\"type\":\"module\"}\n");
        Files.writeString(consumer.resolve("consumer.mjs"), """
                import init, { ERROR_CODES, RvfError } from "@rvf-web/rvf";
                const wasmUrl = import.meta.resolve("@rvf-web/rvf/rvf.wasm");
                const { exports, memory } = await init();
                const vector = exports.rvf_alloc(8);
                new Float32Array(memory.buffer, vector, 2).set([3, 4]);
                const out = exports.rvf_alloc(4);
                const status = exports.tile_dot_f32(vector, vector, 2, out);
                const dot = new Float32Array(memory.buffer, out, 1)[0];
                console.log(`RESULT status=${status} dot=${dot} codes=${Object.keys(ERROR_CODES).length} `
                  + `error=${new RvfError("CLOSED", "x").status} wasm=${wasmUrl.replace(/^.*node_modules/, "")}`);
                """);
        Run install = JsRuntimes.run("npm-install", List.of("npm", "install", "--offline", "--no-audit", "--no-fund",
                "--no-package-lock", tarball.toString()), consumer);
        assertEquals(0, install.exitCode(), "npm install of the tarball failed (output above)");
        Run use = JsRuntimes.run("npm-consumer", List.of(JsRuntimes.binary(JsRuntimes.NODE_24).toString(),
                "consumer.mjs"), consumer);
        assertEquals(0, use.exitCode(), "the consumer failed (output above)");
        Matcher result = Pattern.compile("(?m)^RESULT (.*)$").matcher(use.output());
        assertTrue(result.find(), "no RESULT line");
        assertEquals("status=0 dot=-25 codes=" + dev.rvf.ErrorCode.values().length
                + " error=-5 wasm=/@rvf-web/rvf/rvf.wasm", result.group(1));
    }

    private static Path recreate(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
