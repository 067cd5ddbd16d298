package dev.rvf.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shared sample files and their rows in samples/SUMMARY.txt (name | size | segments | live vecs | dim | ...). */
public final class SampleSummary {

    /** One row of SUMMARY.txt. */
    public record Sample(String name, Path path, long size, long liveVectors, int dimension) {
    }

    private SampleSummary() {
    }

    /** System property rvf.shared.dir + "/samples" (set by surefire), else /work/shared/samples. */
    public static Path samplesDir() {
        String shared = System.getProperty("rvf.shared.dir");
        if (shared != null && !shared.isBlank() && Files.isDirectory(Path.of(shared, "samples"))) {
            return Path.of(shared, "samples").toAbsolutePath().normalize();
        }
        return Path.of("/work/shared/samples");
    }

    public static List<Sample> load() {
        return load(samplesDir());
    }

    public static List<Sample> load(Path samplesDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(samplesDir.resolve("SUMMARY.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : lines) {
            String[] cols = line.split("\\|");
            if (cols.length < 5 || cols[0].isBlank() || cols[0].strip().equals("file") || cols[0].startsWith("-")) {
                continue;
            }
            String name = cols[0].strip();
            samples.add(new Sample(name, samplesDir.resolve(name), Long.parseLong(cols[1].strip()),
                    Long.parseLong(cols[3].strip()), Integer.parseInt(cols[4].strip())));
        }
        return List.copyOf(samples);
    }
}
