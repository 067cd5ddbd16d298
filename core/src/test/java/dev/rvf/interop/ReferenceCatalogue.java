package dev.rvf.interop;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The files the reference wrote with ref-write.cjs, with what a reader must find in each (expected.json).
 *
 * <pre>
 *   ReferenceCatalogue cat = ReferenceCatalogue.generate(tempDir);
 *   for (CatalogueFile f : cat.files()) { ... f.path(), f.liveIds(), f.vectors(), f.answers() ... }
 * </pre>
 */
public final class ReferenceCatalogue {
    private final Path dir;
    private final JsonObject generator;
    private final List<CatalogueFile> files;

    private ReferenceCatalogue(Path dir, JsonObject generator, List<CatalogueFile> files) {
        this.dir = dir;
        this.generator = generator;
        this.files = files;
    }

    /** Has the reference write the catalogue into {@code outDir} (created if needed) and loads it. */
    public static ReferenceCatalogue generate(Path outDir) {
        ReferenceBinding.get().writeCatalogue(outDir);
        return load(outDir);
    }

    /** Loads a catalogue written earlier. */
    public static ReferenceCatalogue load(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(abs.resolve("expected.json"), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CatalogueFile> files = new ArrayList<>();
        for (JsonElement e : Json.array(root, "files")) {
            files.add(CatalogueFile.fromJson(abs, e.getAsJsonObject()));
        }
        return new ReferenceCatalogue(abs, Json.object(root, "generator"), List.copyOf(files));
    }

    public Path dir() {
        return dir;
    }

    /** Binding version, Node version, and the vector count from which the reference answers through HNSW. */
    public JsonObject generator() {
        return generator.deepCopy();
    }

    public List<CatalogueFile> files() {
        return files;
    }

    public CatalogueFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no catalogue file " + name));
    }

    public List<Path> paths() {
        return files.stream().map(CatalogueFile::path).toList();
    }
}
