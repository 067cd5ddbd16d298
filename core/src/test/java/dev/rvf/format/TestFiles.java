package dev.rvf.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helpers: the shared samples, SUMMARY.txt, and running external checkers. */
final class TestFiles {
    private TestFiles() {
    }

    static Path sharedDir() {
        String p = System.getProperty("rvf.shared.dir");
        return Paths.get(p != null && !p.isEmpty() ? p : "/work/shared");
    }

    static Path samplesDir() {
        return sharedDir().resolve("samples");
    }

    static Path projectDir() {
        String p = System.getProperty("rvf.project.dir");
        return Paths.get(p != null && !p.isEmpty() ? p : "..").toAbsolutePath().normalize();
    }

    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(samplesDir().resolve(name));
        } catch (IOException e) {
            throw new AssertionError("cannot read sample " + name, e);
        }
    }

    /** One row of SUMMARY.txt. */
    static final class SummaryRow {
        final String file;
        final long size;
        final String segments;
        final int live;
        final int dim;
        final String metric;
        final String hashes;
        final String witness;
        final String lineage;

        SummaryRow(String[] c) {
            file = c[0];
            size = Long.parseLong(c[1]);
            segments = c[2];
            live = Integer.parseInt(c[3]);
            dim = Integer.parseInt(c[4]);
            metric = c[5];
            hashes = c[6];
            witness = c[7];
            lineage = c[8];
        }
    }

    /** The rows of SUMMARY.txt keyed by file name, in table order. */
    static Map<String, SummaryRow> summary() {
        Map<String, SummaryRow> rows = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(samplesDir().resolve("SUMMARY.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read SUMMARY.txt", e);
        }
        for (String line : lines) {
            String[] cells = line.split("\\|");
            if (cells.length < 10 || cells[0].trim().equals("file") || cells[0].startsWith("---")) {
                continue;
            }
            String[] c = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                c[i] = cells[i].trim();
            }
            rows.put(c[0], new SummaryRow(c));
        }
        return rows;
    }

    /** The segment column as rvfcheck prints it: types in order of first appearance, "xN" for repeats. */
    static String groupedTypes(List<SegmentInfo> segments) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SegmentInfo s : segments) {
            counts.merge(SegmentType.specName(s.type()), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            parts.add(e.getKey() + (e.getValue() > 1 ? "x" + e.getValue() : ""));
        }
        return String.join(",", parts);
    }

    /** Result of an external command. */
    static final class Run {
        final int exit;
        final String out;

        Run(int exit, String out) {
            this.exit = exit;
            this.out = out;
        }
    }

    static boolean commandWorks(String... cmd) {
        try {
            return run(null, cmd).exit == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Run run(Path dir, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("command timed out: " + String.join(" ", cmd));
            }
            return new Run(p.exitValue(), buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    static Path rvfcheck() {
        return sharedDir().resolve("tools").resolve("rvfcheck.py");
    }

    static boolean pythonAvailable() {
        return Files.exists(rvfcheck()) && commandWorks("python3", "--version");
    }
}
