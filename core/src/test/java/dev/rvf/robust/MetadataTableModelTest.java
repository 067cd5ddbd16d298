package dev.rvf.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.MetadataTable;
import dev.rvf.filter.RowPredicate;
import dev.rvf.filter.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link MetadataTable} (whose columns switch between dense arrays and sparse tables by density, bug 7 of
 * docs/ROBUSTNESS.md) against a plain map model: random puts, removals, row clears and compaction selects on dense,
 * sparse and mixed columns give the same rows, field order, hasRow and filter answers.
 */
class MetadataTableModelTest {
    /** The model: rows by ordinal, fields in the table's global creation order. */
    static final class Model {
        final List<String> fields = new ArrayList<>();
        final Map<Integer, Map<String, Value>> rows = new HashMap<>();

        void put(int row, String field, Value v) {
            if (v == null) {
                Map<String, Value> r = rows.get(row);
                if (r != null) {
                    r.remove(field);
                }
                return;
            }
            if (!fields.contains(field)) {
                fields.add(field);
            }
            rows.computeIfAbsent(row, k -> new HashMap<>()).put(field, v);
        }

        Map<String, Value> row(int row) {
            Map<String, Value> out = new LinkedHashMap<>();
            Map<String, Value> r = rows.get(row);
            if (r != null) {
                for (String f : fields) {
                    if (r.containsKey(f)) {
                        out.put(f, r.get(f));
                    }
                }
            }
            return out;
        }

        Model select(int[] keep) {
            Model m = new Model();
            for (int newRow = 0; newRow < keep.length; newRow++) {
                Map<String, Value> r = row(keep[newRow]);
                for (Map.Entry<String, Value> e : r.entrySet()) {
                    m.put(newRow, e.getKey(), e.getValue());
                }
            }
            return m;
        }
    }

    static void assertSame(Model model, MetadataTable table, int rows, String what) {
        List<Map<String, Value>> expectedRows = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Map<String, Value> expected = model.row(r);
            expectedRows.add(expected);
            assertEquals(expected, table.row(r), what + " row " + r);
            assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(table.row(r).keySet()),
                    what + " field order of row " + r);
            assertEquals(!expected.isEmpty(), table.hasRow(r), what + " hasRow " + r);
        }
        for (String f : model.fields) {
            RowPredicate p = FilterExpr.compare(FilterExpr.Op.GE, f, Value.of(3)).compile(table);
            RowPredicate q = FilterExpr.eq(f, Value.of(true)).compile(table);
            for (int r = 0; r < rows; r++) {
                Value v = expectedRows.get(r).get(f);
                assertEquals(v != null && v.kind() == Value.NUMBER && v.number() >= 3, p.test(r), what + " ge " + f);
                assertEquals(v != null && v.kind() == Value.BOOLEAN && v.bool(), q.test(r), what + " eq " + f);
            }
        }
    }

    static Value value(SplittableRandom rnd) {
        switch (rnd.nextInt(3)) {
            case 0:
                return Value.of("s" + rnd.nextInt(5));
            case 1:
                return Value.of(rnd.nextInt(6));
            default:
                return Value.of(rnd.nextBoolean());
        }
    }

    @Test
    void denseSparseAndMixedColumnsBehaveLikeAMap() {
        for (int seed = 0; seed < 40; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int rows = 1 + rnd.nextInt(seed % 3 == 0 ? 2000 : 300);
            int fieldCount = 1 + rnd.nextInt(seed % 2 == 0 ? 40 : 4);
            double fill = new double[] {0.002, 0.05, 0.3, 1.0}[rnd.nextInt(4)];
            MetadataTable table = new MetadataTable();
            Model model = new Model();
            int ops = (int) (rows * fieldCount * fill) + 20;
            for (int i = 0; i < ops; i++) {
                int r = rnd.nextInt(4) == 0 ? rows - 1 - rnd.nextInt(Math.min(rows, 10)) : rnd.nextInt(rows);
                String f = "f" + rnd.nextInt(fieldCount);
                int op = rnd.nextInt(20);
                if (op == 0) {
                    table.clearRow(r);
                    model.rows.remove(r);
                } else if (op < 3) {
                    table.put(r, f, null);
                    model.put(r, f, null);
                } else {
                    Value v = value(rnd);
                    table.put(r, f, v);
                    model.put(r, f, v);
                }
            }
            String what = "seed " + seed;
            assertSame(model, table, rows, what);
            int[] keep = new int[rnd.nextInt(rows + 1)];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = rnd.nextInt(rows);
            }
            keep = java.util.Arrays.stream(keep).distinct().toArray();
            MetadataTable selected = table.select(keep);
            Model selectedModel = model.select(keep);
            assertSame(selectedModel, selected, keep.length, what + " select");
            assertEquals(selectedModel.fields.size(), selected.fieldCount(), what + " fields after select");
        }
    }

    /** Thousands of fields each on a few far-apart rows cost memory in proportion to the values, not fields x rows. */
    @Test
    void sparseFieldsStaySmall() {
        org.junit.jupiter.api.Assumptions.assumeTrue(InputRunner.canMeasureAllocation());
        long before = InputRunner.allocated();
        MetadataTable t = new MetadataTable();
        for (int f = 0; f < MetadataTable.MAX_FIELDS; f++) {
            t.put(0, "f" + f, Value.of(1));
            t.put(1_000_000 - f, "f" + f, Value.of("x"));
        }
        long used = InputRunner.allocated() - before;
        assertTrue(used < 32L << 20, "8192 values in 4096 sparse fields allocated " + used + " bytes");
        assertEquals(Value.of("x"), t.get(1_000_000 - 7, "f7"));
        assertEquals(2 * MetadataTable.MAX_FIELDS, countValues(t));
    }

    private static int countValues(MetadataTable t) {
        int n = 0;
        for (int r : new int[] {0}) {
            n += t.row(r).size();
        }
        for (int f = 0; f < t.fieldCount(); f++) {
            n += t.row(1_000_000 - f).size();
        }
        return n;
    }
}
