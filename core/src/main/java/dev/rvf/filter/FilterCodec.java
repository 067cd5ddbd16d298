package dev.rvf.filter;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.ByteReader;
import dev.rvf.format.ByteWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of a {@link FilterExpr}, used at the Wasm ABI (the JS glue encodes filter objects into it).
 * Values and strings are encoded as in {@link MetadataCodec}.
 *
 * <pre>
 * node = u8 op, then by op:
 *   1 eq, 2 ne, 3 lt, 4 le, 5 gt, 6 ge : str field, value
 *   7 in                               : str field, u32 n, n x value
 *   8 range                            : str field, value low, value high   (low &lt;= v &lt; high)
 *   9 and, 10 or                       : u32 n, n x node
 *   11 not                             : node
 * </pre>
 * The whole input must be exactly one node. Decoding is bounded: counts are checked against the bytes left and
 * nesting against {@link FilterExpr#MAX_DEPTH}, so hostile input fails with INVALID_ARGUMENT or LIMIT_EXCEEDED.
 */
public final class FilterCodec {
    private static final FilterExpr.Op[] OPS = {
        null, FilterExpr.Op.EQ, FilterExpr.Op.NE, FilterExpr.Op.LT, FilterExpr.Op.LE, FilterExpr.Op.GT,
        FilterExpr.Op.GE, FilterExpr.Op.IN, FilterExpr.Op.RANGE, FilterExpr.Op.AND, FilterExpr.Op.OR,
        FilterExpr.Op.NOT,
    };

    private FilterCodec() {
    }

    public static byte[] encode(FilterExpr expr) {
        ByteWriter out = new ByteWriter();
        write(out, expr);
        return out.toByteArray();
    }

    /** Decodes exactly one filter from {@code in}; trailing bytes are an error. */
    public static FilterExpr decode(ByteReader in) {
        FilterExpr e = read(in, 1);
        if (in.hasRemaining()) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, in.remaining() + " bytes after the filter",
                    in.fileOffsetOf(in.position()));
        }
        return e;
    }

    private static void write(ByteWriter out, FilterExpr e) {
        out.u8(opCode(e.op()));
        switch (e.op()) {
            case IN: {
                FilterExpr.InSet in = (FilterExpr.InSet) e;
                MetadataCodec.writeString(out, in.field());
                out.u32(in.values().size());
                for (Value v : in.values()) {
                    MetadataCodec.writeValue(out, v);
                }
                break;
            }
            case RANGE: {
                FilterExpr.Range r = (FilterExpr.Range) e;
                MetadataCodec.writeString(out, r.field());
                MetadataCodec.writeValue(out, r.low());
                MetadataCodec.writeValue(out, r.high());
                break;
            }
            case AND:
            case OR: {
                List<FilterExpr> children = ((FilterExpr.Logical) e).children();
                out.u32(children.size());
                for (FilterExpr c : children) {
                    write(out, c);
                }
                break;
            }
            case NOT:
                write(out, ((FilterExpr.Not) e).child());
                break;
            default: {
                FilterExpr.Comparison c = (FilterExpr.Comparison) e;
                MetadataCodec.writeString(out, c.field());
                MetadataCodec.writeValue(out, c.value());
                break;
            }
        }
    }

    private static FilterExpr read(ByteReader in, int depth) {
        long at = in.fileOffsetOf(in.position());
        if (depth > FilterExpr.MAX_DEPTH) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "filter nested deeper than " + FilterExpr.MAX_DEPTH, at);
        }
        int code = in.u8();
        if (code < 1 || code >= OPS.length) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "unknown filter op " + code, at);
        }
        FilterExpr.Op op = OPS[code];
        ErrorCode bad = ErrorCode.INVALID_ARGUMENT;
        switch (op) {
            case IN: {
                String field = MetadataCodec.readString(in, bad);
                // a value takes at least 2 bytes (kind + boolean)
                int n = in.checkCount(in.u32(), 2, bad, "\"in\" value count");
                List<Value> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(MetadataCodec.readValue(in, bad));
                }
                return FilterExpr.in(field, values);
            }
            case RANGE: {
                String field = MetadataCodec.readString(in, bad);
                Value low = MetadataCodec.readValue(in, bad);
                Value high = MetadataCodec.readValue(in, bad);
                return FilterExpr.range(field, low, high);
            }
            case AND:
            case OR: {
                int n = in.checkCount(in.u32(), 1, bad, "filter child count");
                List<FilterExpr> children = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    children.add(read(in, depth + 1));
                }
                return op == FilterExpr.Op.AND ? FilterExpr.and(children) : FilterExpr.or(children);
            }
            case NOT:
                return FilterExpr.not(read(in, depth + 1));
            default: {
                String field = MetadataCodec.readString(in, bad);
                return FilterExpr.compare(op, field, MetadataCodec.readValue(in, bad));
            }
        }
    }

    private static int opCode(FilterExpr.Op op) {
        for (int i = 1; i < OPS.length; i++) {
            if (OPS[i] == op) {
                return i;
            }
        }
        throw new RvfException(ErrorCode.INTERNAL, "no code for " + op);
    }
}
