package dev.rvf.filter;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * One metadata value: a string, a number (IEEE double, as in JavaScript) or a boolean.
 * Immutable. Comparisons only relate values of the same kind (see {@link #compareTo}).
 */
public final class Value {
    public static final int STRING = 1;
    public static final int NUMBER = 2;
    public static final int BOOLEAN = 3;

    private static final Value TRUE = new Value(BOOLEAN, 1, null);
    private static final Value FALSE = new Value(BOOLEAN, 0, null);

    private final int kind;
    private final double number;
    private final String string;

    private Value(int kind, double number, String string) {
        this.kind = kind;
        this.number = number;
        this.string = string;
    }

    public static Value of(String s) {
        if (s == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "metadata string value is null");
        }
        return new Value(STRING, 0, s);
    }

    public static Value of(double d) {
        if (Double.isNaN(d)) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "metadata number is NaN");
        }
        return new Value(NUMBER, d, null);
    }

    public static Value of(boolean b) {
        return b ? TRUE : FALSE;
    }

    public int kind() {
        return kind;
    }

    public double number() {
        return number;
    }

    public String string() {
        return string;
    }

    public boolean bool() {
        return kind == BOOLEAN && number != 0;
    }

    /** Whether {@link #compareTo} is defined between this and {@code other}: same kind, and not boolean. */
    public boolean isOrderedWith(Value other) {
        return kind == other.kind && kind != BOOLEAN;
    }

    /** Orders numbers numerically and strings by UTF-16 code units; only for {@link #isOrderedWith} pairs. */
    public int compareTo(Value other) {
        return kind == STRING ? string.compareTo(other.string) : Double.compare(number, other.number);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Value)) {
            return false;
        }
        Value v = (Value) o;
        if (v.kind != kind) {
            return false;
        }
        // == rather than Double.compare so that 0.0 equals -0.0, as in JavaScript
        return kind == STRING ? string.equals(v.string) : number == v.number;
    }

    @Override
    public int hashCode() {
        return kind == STRING ? string.hashCode() : Double.hashCode(number == 0 ? 0 : number);
    }

    @Override
    public String toString() {
        switch (kind) {
            case STRING:
                return '"' + string + '"';
            case BOOLEAN:
                return bool() ? "true" : "false";
            default:
                return number == Math.rint(number) && Math.abs(number) < 1e15
                        ? Long.toString((long) number) : Double.toString(number);
        }
    }
}
