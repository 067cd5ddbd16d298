package dev.rvf.filter;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A metadata filter expression with the reference SDK's operators:
 * {@code eq ne lt le gt ge in range and or not}.
 *
 * <p>Semantics, chosen to be unsurprising and total:
 * <ul>
 *   <li>a row that lacks the field matches no comparison, {@code in} or {@code range} (not even {@code ne});
 *       {@code not} inverts whatever its child says;</li>
 *   <li>{@code eq}/{@code ne}/{@code in} compare kind and value (the string "1" does not equal the number 1);</li>
 *   <li>{@code lt le gt ge range} order numbers numerically and strings by code units; they never match a
 *       value of another kind or a boolean;</li>
 *   <li>{@code range} is half-open, {@code low <= v < high}, as in the reference.</li>
 * </ul>
 * Expressions are immutable; {@link #compile} binds field names to a table once per query.
 */
public abstract class FilterExpr {
    /** Nesting deeper than this is rejected, so hostile filters cannot exhaust the stack. */
    public static final int MAX_DEPTH = 64;

    public enum Op { EQ, NE, LT, LE, GT, GE, IN, RANGE, AND, OR, NOT }

    private FilterExpr() {
    }

    public abstract Op op();

    /** Binds field names to {@code table}'s columns; the predicate is valid until the table gains fields. */
    public abstract RowPredicate compile(MetadataTable table);

    /** Convenience for one-off checks; queries should {@link #compile} once. */
    public boolean matches(MetadataTable table, int ordinal) {
        return compile(table).test(ordinal);
    }

    abstract int depth();

    public static FilterExpr compare(Op op, String field, Value value) {
        switch (op) {
            case EQ: case NE: case LT: case LE: case GT: case GE:
                return new Comparison(op, requireField(field), requireValue(value));
            default:
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, op + " is not a comparison");
        }
    }

    public static FilterExpr eq(String field, Value value) {
        return compare(Op.EQ, field, value);
    }

    public static FilterExpr in(String field, List<Value> values) {
        if (values == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "\"in\" filter needs values");
        }
        for (Value v : values) {
            requireValue(v);
        }
        return new InSet(requireField(field), values);
    }

    public static FilterExpr range(String field, Value low, Value high) {
        requireValue(low);
        requireValue(high);
        if (!low.isOrderedWith(high)) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT,
                    "\"range\" bounds must both be numbers or both strings, got " + kindName(low) + " and "
                            + kindName(high));
        }
        return new Range(requireField(field), low, high);
    }

    /** For messages: naming the kind rather than printing the value keeps Double.toString (~20 KB) out of Wasm. */
    private static String kindName(Value v) {
        switch (v.kind()) {
            case Value.STRING:
                return "a string";
            case Value.NUMBER:
                return "a number";
            default:
                return "a boolean";
        }
    }

    public static FilterExpr and(List<FilterExpr> children) {
        return new Logical(Op.AND, children);
    }

    public static FilterExpr or(List<FilterExpr> children) {
        return new Logical(Op.OR, children);
    }

    public static FilterExpr not(FilterExpr child) {
        return new Not(child);
    }

    private static String requireField(String field) {
        if (field == null || field.isEmpty()) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "filter field name is empty");
        }
        return field;
    }

    private static Value requireValue(Value value) {
        if (value == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "filter value is missing");
        }
        return value;
    }

    private static final RowPredicate NEVER = ordinal -> false;

    /** {@code field op value}. */
    public static final class Comparison extends FilterExpr {
        private final Op op;
        private final String field;
        private final Value value;

        private Comparison(Op op, String field, Value value) {
            this.op = op;
            this.field = field;
            this.value = value;
        }

        @Override
        public Op op() {
            return op;
        }

        public String field() {
            return field;
        }

        public Value value() {
            return value;
        }

        @Override
        int depth() {
            return 1;
        }

        @Override
        public RowPredicate compile(MetadataTable table) {
            int f = table.findField(field);
            if (f < 0) {
                return NEVER;
            }
            if (value.kind() == Value.NUMBER) {
                return numberPredicate(table, f);
            }
            boolean ordered = value.kind() == Value.STRING;
            switch (op) {
                case EQ:
                    return row -> value.equals(table.get(row, f));
                case NE:
                    return row -> {
                        Value v = table.get(row, f);
                        return v != null && !value.equals(v);
                    };
                default:
                    if (!ordered) {
                        return NEVER;
                    }
                    return row -> {
                        Value v = table.get(row, f);
                        return v != null && v.isOrderedWith(value) && accepts(op, v.compareTo(value));
                    };
            }
        }

        /** Numbers are read straight from the column's primitive array: the common, hot case. */
        private RowPredicate numberPredicate(MetadataTable table, int f) {
            double x = value.number();
            switch (op) {
                case EQ:
                    return row -> table.kindAt(f, row) == Value.NUMBER && table.numberAt(f, row) == x;
                case NE:
                    return row -> {
                        int kind = table.kindAt(f, row);
                        return kind != 0 && (kind != Value.NUMBER || table.numberAt(f, row) != x);
                    };
                case LT:
                    return row -> table.kindAt(f, row) == Value.NUMBER && table.numberAt(f, row) < x;
                case LE:
                    return row -> table.kindAt(f, row) == Value.NUMBER && table.numberAt(f, row) <= x;
                case GT:
                    return row -> table.kindAt(f, row) == Value.NUMBER && table.numberAt(f, row) > x;
                default:
                    return row -> table.kindAt(f, row) == Value.NUMBER && table.numberAt(f, row) >= x;
            }
        }

        private static boolean accepts(Op op, int cmp) {
            switch (op) {
                case LT:
                    return cmp < 0;
                case LE:
                    return cmp <= 0;
                case GT:
                    return cmp > 0;
                default:
                    return cmp >= 0;
            }
        }
    }

    /** {@code field in [values...]}. */
    public static final class InSet extends FilterExpr {
        private final String field;
        private final List<Value> values;

        private InSet(String field, List<Value> values) {
            this.field = field;
            this.values = Collections.unmodifiableList(new ArrayList<>(values));
        }

        @Override
        public Op op() {
            return Op.IN;
        }

        public String field() {
            return field;
        }

        public List<Value> values() {
            return values;
        }

        @Override
        int depth() {
            return 1;
        }

        @Override
        public RowPredicate compile(MetadataTable table) {
            int f = table.findField(field);
            if (f < 0 || values.isEmpty()) {
                return NEVER;
            }
            Set<Value> set = new HashSet<>(values);
            return row -> {
                Value v = table.get(row, f);
                return v != null && set.contains(v);
            };
        }
    }

    /** {@code low <= field < high}. */
    public static final class Range extends FilterExpr {
        private final String field;
        private final Value low;
        private final Value high;

        private Range(String field, Value low, Value high) {
            this.field = field;
            this.low = low;
            this.high = high;
        }

        @Override
        public Op op() {
            return Op.RANGE;
        }

        public String field() {
            return field;
        }

        public Value low() {
            return low;
        }

        public Value high() {
            return high;
        }

        @Override
        int depth() {
            return 1;
        }

        @Override
        public RowPredicate compile(MetadataTable table) {
            int f = table.findField(field);
            if (f < 0) {
                return NEVER;
            }
            if (low.kind() == Value.NUMBER) {
                double lo = low.number();
                double hi = high.number();
                return row -> {
                    if (table.kindAt(f, row) != Value.NUMBER) {
                        return false;
                    }
                    double v = table.numberAt(f, row);
                    return v >= lo && v < hi;
                };
            }
            return row -> {
                Value v = table.get(row, f);
                return v != null && v.isOrderedWith(low) && v.compareTo(low) >= 0 && v.compareTo(high) < 0;
            };
        }
    }

    /** {@code and} / {@code or} over children; an empty {@code and} matches everything, an empty {@code or} nothing. */
    public static final class Logical extends FilterExpr {
        private final Op op;
        private final List<FilterExpr> children;
        private final int depth;

        private Logical(Op op, List<FilterExpr> children) {
            if (children == null) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "\"" + op.name().toLowerCase() + "\" needs exprs");
            }
            int d = 0;
            for (FilterExpr c : children) {
                if (c == null) {
                    throw new RvfException(ErrorCode.INVALID_ARGUMENT, "null filter in \"" + op.name().toLowerCase() + "\"");
                }
                d = Math.max(d, c.depth());
            }
            this.op = op;
            this.children = Collections.unmodifiableList(new ArrayList<>(children));
            this.depth = checkDepth(d + 1);
        }

        @Override
        public Op op() {
            return op;
        }

        public List<FilterExpr> children() {
            return children;
        }

        @Override
        int depth() {
            return depth;
        }

        @Override
        public RowPredicate compile(MetadataTable table) {
            RowPredicate[] parts = new RowPredicate[children.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = children.get(i).compile(table);
            }
            if (parts.length == 2) {
                RowPredicate a = parts[0];
                RowPredicate b = parts[1];
                return op == Op.AND ? row -> a.test(row) && b.test(row) : row -> a.test(row) || b.test(row);
            }
            boolean isAnd = op == Op.AND;
            RowPredicate[] all = Arrays.copyOf(parts, parts.length);
            return row -> {
                for (RowPredicate p : all) {
                    if (p.test(row) != isAnd) {
                        return !isAnd;
                    }
                }
                return isAnd;
            };
        }
    }

    /** {@code not expr}. */
    public static final class Not extends FilterExpr {
        private final FilterExpr child;
        private final int depth;

        private Not(FilterExpr child) {
            if (child == null) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "\"not\" needs an expr");
            }
            this.child = child;
            this.depth = checkDepth(child.depth() + 1);
        }

        @Override
        public Op op() {
            return Op.NOT;
        }

        public FilterExpr child() {
            return child;
        }

        @Override
        int depth() {
            return depth;
        }

        @Override
        public RowPredicate compile(MetadataTable table) {
            RowPredicate p = child.compile(table);
            return row -> !p.test(row);
        }
    }

    private static int checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "filter nested deeper than " + MAX_DEPTH);
        }
        return depth;
    }
}
