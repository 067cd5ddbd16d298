package dev.rvf.filter;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterExprTest {
    static final String[] FIELDS = {"color", "size", "ok", "name"};
    private static final String[] COLORS = {"red", "green", "blue"};

    @Test
    void documentedSemanticsOnHandPickedRows() {
        MetadataTable t = new MetadataTable();
        t.put(0, "color", Value.of("red"));
        t.put(0, "size", Value.of(3));
        t.put(1, "color", Value.of("blue"));
        t.put(1, "size", Value.of(10));
        t.put(2, "size", Value.of("3"));           // a string, not the number 3
        t.put(3, "ok", Value.of(true));

        assertTrue(FilterExpr.eq("color", Value.of("red")).matches(t, 0));
        assertFalse(FilterExpr.eq("size", Value.of(3)).matches(t, 2), "string \"3\" is not the number 3");
        assertTrue(FilterExpr.compare(FilterExpr.Op.NE, "size", Value.of(3)).matches(t, 2));
        assertFalse(FilterExpr.compare(FilterExpr.Op.NE, "color", Value.of("red")).matches(t, 3),
                "a missing field matches no comparison");
        assertTrue(FilterExpr.not(FilterExpr.eq("color", Value.of("red"))).matches(t, 3));
        assertTrue(FilterExpr.range("size", Value.of(3), Value.of(10)).matches(t, 0), "low bound included");
        assertFalse(FilterExpr.range("size", Value.of(3), Value.of(10)).matches(t, 1), "high bound excluded");
        assertFalse(FilterExpr.compare(FilterExpr.Op.LT, "ok", Value.of(true)).matches(t, 3), "booleans are unordered");
        assertTrue(FilterExpr.eq("ok", Value.of(true)).matches(t, 3));
        assertTrue(FilterExpr.in("color", List.of(Value.of("green"), Value.of("blue"))).matches(t, 1));
        assertTrue(FilterExpr.and(List.of()).matches(t, 0));
        assertFalse(FilterExpr.or(List.of()).matches(t, 0));
        assertFalse(FilterExpr.eq("nosuchfield", Value.of(1)).matches(t, 0));
        assertTrue(FilterExpr.compare(FilterExpr.Op.LT, "color", Value.of("green")).matches(t, 1), "blue < green");
    }

    @Test
    void compiledFiltersAgreeWithANaiveEvaluatorOnRandomData() {
        Random rnd = new Random(42);
        int rows = 500;
        MetadataTable t = new MetadataTable();
        List<Map<String, Value>> naive = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Map<String, Value> row = new HashMap<>();
            for (String f : FIELDS) {
                if (rnd.nextInt(5) == 0) {
                    continue; // field absent
                }
                Value v = randomValue(rnd, f);
                row.put(f, v);
                t.put(r, f, v);
            }
            naive.add(row);
        }
        for (int i = 0; i < 2000; i++) {
            FilterExpr e = randomExpr(rnd, 0);
            RowPredicate p = e.compile(t);
            for (int r = 0; r < rows; r++) {
                int row = r;
                assertEquals(evaluate(e, naive.get(row)), p.test(row), () -> "row " + row + " expr " + e.op());
            }
        }
    }

    @Test
    void rejectsMalformedExpressions() {
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> FilterExpr.eq("", Value.of(1))).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> FilterExpr.range("x", Value.of(1), Value.of("a"))).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> Value.of(Double.NaN)).errorCode());
        FilterExpr deep = FilterExpr.eq("x", Value.of(1));
        for (int i = 1; i < FilterExpr.MAX_DEPTH; i++) {
            deep = FilterExpr.not(deep);
        }
        FilterExpr tooDeep = deep;
        assertEquals(ErrorCode.LIMIT_EXCEEDED,
                assertThrows(RvfException.class, () -> FilterExpr.not(tooDeep)).errorCode());
    }

    @Test
    void selectRenumbersRows() {
        MetadataTable t = new MetadataTable();
        for (int r = 0; r < 10; r++) {
            t.put(r, "n", Value.of(r));
        }
        MetadataTable s = t.select(new int[] {7, 2});
        assertEquals(Value.of(7), s.get(0, "n"));
        assertEquals(Value.of(2), s.get(1, "n"));
        assertFalse(s.hasRow(2));
        t.clearRow(7);
        assertFalse(t.hasRow(7));
    }

    static Value randomValue(Random rnd, String field) {
        switch (field) {
            case "color":
                return Value.of(COLORS[rnd.nextInt(COLORS.length)]);
            case "size":
                return rnd.nextInt(10) == 0 ? Value.of("big") : Value.of(rnd.nextInt(20));
            case "ok":
                return Value.of(rnd.nextBoolean());
            default:
                return Value.of("n" + rnd.nextInt(30));
        }
    }

    static FilterExpr randomExpr(Random rnd, int depth) {
        int pick = rnd.nextInt(depth >= 3 ? 3 : 6);
        String field = FIELDS[rnd.nextInt(FIELDS.length)];
        switch (pick) {
            case 0: {
                FilterExpr.Op op = FilterExpr.Op.values()[rnd.nextInt(6)];
                return FilterExpr.compare(op, field, randomValue(rnd, rnd.nextInt(4) == 0 ? "size" : field));
            }
            case 1: {
                List<Value> vs = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    vs.add(randomValue(rnd, field));
                }
                return FilterExpr.in(field, vs);
            }
            case 2: {
                double a = rnd.nextInt(20);
                double b = rnd.nextInt(20);
                return FilterExpr.range("size", Value.of(Math.min(a, b)), Value.of(Math.max(a, b)));
            }
            case 3:
                return FilterExpr.not(randomExpr(rnd, depth + 1));
            default: {
                List<FilterExpr> kids = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    kids.add(randomExpr(rnd, depth + 1));
                }
                return pick == 4 ? FilterExpr.and(kids) : FilterExpr.or(kids);
            }
        }
    }

    /** The specification, written as plainly as possible. */
    static boolean evaluate(FilterExpr e, Map<String, Value> row) {
        switch (e.op()) {
            case AND:
                return ((FilterExpr.Logical) e).children().stream().allMatch(c -> evaluate(c, row));
            case OR:
                return ((FilterExpr.Logical) e).children().stream().anyMatch(c -> evaluate(c, row));
            case NOT:
                return !evaluate(((FilterExpr.Not) e).child(), row);
            case IN: {
                FilterExpr.InSet in = (FilterExpr.InSet) e;
                Value v = row.get(in.field());
                return v != null && in.values().contains(v);
            }
            case RANGE: {
                FilterExpr.Range r = (FilterExpr.Range) e;
                Value v = row.get(r.field());
                return v != null && v.isOrderedWith(r.low()) && v.compareTo(r.low()) >= 0 && v.compareTo(r.high()) < 0;
            }
            default: {
                FilterExpr.Comparison c = (FilterExpr.Comparison) e;
                Value v = row.get(c.field());
                if (v == null) {
                    return false;
                }
                switch (e.op()) {
                    case EQ:
                        return v.equals(c.value());
                    case NE:
                        return !v.equals(c.value());
                    case LT:
                        return v.isOrderedWith(c.value()) && v.compareTo(c.value()) < 0;
                    case LE:
                        return v.isOrderedWith(c.value()) && v.compareTo(c.value()) <= 0;
                    case GT:
                        return v.isOrderedWith(c.value()) && v.compareTo(c.value()) > 0;
                    default:
                        return v.isOrderedWith(c.value()) && v.compareTo(c.value()) >= 0;
                }
            }
        }
    }
}
