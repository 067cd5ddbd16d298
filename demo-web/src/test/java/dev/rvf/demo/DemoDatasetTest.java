package dev.rvf.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import dev.rvf.filter.Value;
import dev.rvf.format.HashStatus;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.store.QueryOptions;
import dev.rvf.store.RvfStore;
import dev.rvf.store.SearchHit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDatasetTest {
    private static byte[] bytes;

    @BeforeAll
    static void generate() {
        bytes = DemoDataset.generate();
    }

    @Test
    void sameBytesEveryRunAndInTheBuiltSite() throws Exception {
        assertArrayEquals(bytes, DemoDataset.generate(), "a second run wrote other bytes");
        Path built = Path.of(System.getProperty("rvf.site.dir"), "data", "default.rvf");
        assertTrue(Files.isRegularFile(built), built + " was not written by the build");
        assertArrayEquals(bytes, Files.readAllBytes(built), "the site's dataset differs from a fresh run");
    }

    @Test
    void opensWithItsCountsMetadataIndexAndIdentity() {
        RvfStore store = RvfStore.open(bytes);
        try {
            var status = store.status();
            assertEquals(DemoDataset.COUNT, status.totalVectors());
            assertEquals(DemoDataset.DIMENSION, status.dimension());
            assertEquals(Metric.L2, status.metric());
            assertEquals(0, status.deletedVectors());
            assertEquals("loaded", status.index().state(), "the file's INDEX segment was not used");
            assertEquals(0, store.lineageDepth());
            assertTrue(store.verifyWitness().isValid());
            assertNotEquals("00000000000000000000000000000000", store.fileId());

            long id = DemoDataset.FIRST_ID + 7;
            Map<String, Value> row = store.metadata(id);
            assertNotNull(row);
            int cluster = (int) row.get("cluster").number();
            assertTrue(cluster >= 0 && cluster < DemoDataset.CLUSTERS);
            assertEquals(DemoDataset.LABELS[cluster], row.get("label").string());
            assertEquals(id % 2 == 0, row.get("even").bool());
            double score = row.get("score").number();
            assertTrue(score >= 0 && score <= 1, "score " + score);

            List<SegmentInfo> segments = store.segments();
            long vec = segments.stream().filter(s -> s.type() == SegmentType.VEC).count();
            assertEquals(DemoDataset.COUNT / DemoDataset.BATCH, vec, "one VEC segment per batch");
            assertTrue(segments.stream().anyMatch(s -> s.type() == SegmentType.INDEX), "no INDEX segment");
            assertTrue(segments.stream().anyMatch(s -> s.type() == SegmentType.META), "no META segment");
            assertTrue(segments.stream().noneMatch(s -> s.hashStatus() == HashStatus.MISMATCH));
        } finally {
            store.close();
        }
    }

    /** The map and the search demo rely on it: a vector's exact neighbours are almost all of its own cluster. */
    @Test
    void clustersAreSeparated() {
        RvfStore store = RvfStore.open(bytes);
        try {
            int same = 0;
            int total = 0;
            int[] sizes = new int[DemoDataset.CLUSTERS];
            for (long id = DemoDataset.FIRST_ID; id < DemoDataset.FIRST_ID + DemoDataset.COUNT; id++) {
                sizes[(int) store.metadata(id).get("cluster").number()]++;
            }
            for (int size : sizes) {
                assertTrue(size > DemoDataset.COUNT / DemoDataset.CLUSTERS / 3, "a tiny cluster: " + size);
            }
            for (long id = DemoDataset.FIRST_ID; id < DemoDataset.FIRST_ID + DemoDataset.COUNT; id += 97) {
                double cluster = store.metadata(id).get("cluster").number();
                for (SearchHit h : store.query(store.vector(id), 10, QueryOptions.defaults().withExact(true))) {
                    same += store.metadata(h.id()).get("cluster").number() == cluster ? 1 : 0;
                    total++;
                }
            }
            assertTrue(same >= total * 0.98, same + " of " + total + " neighbours share the query's cluster");
        } finally {
            store.close();
        }
    }
}
