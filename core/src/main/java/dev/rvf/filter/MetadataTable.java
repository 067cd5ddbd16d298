package dev.rvf.filter;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-vector metadata stored by column: one column per field name, one row per vector ordinal.
 * Columns keep primitive arrays so filter evaluation over every row does not chase objects.
 */
public final class MetadataTable {
    /** Upper bound on distinct field names, so hostile input cannot create unbounded columns. */
    public static final int MAX_FIELDS = 4096;

    private final Map<String, Integer> fieldIndex = new HashMap<>();
    private final List<Column> columns = new ArrayList<>();
    private int rowCapacity;

    /** Number of distinct field names seen. */
    public int fieldCount() {
        return columns.size();
    }

    public String fieldName(int field) {
        return columns.get(field).name;
    }

    /** The column index of a field, or -1 if no row ever had it. */
    public int findField(String name) {
        Integer i = fieldIndex.get(name);
        return i == null ? -1 : i;
    }

    /** Sets {@code field} of row {@code ordinal}; a null value removes it. */
    public void put(int ordinal, String field, Value value) {
        if (ordinal < 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "negative row " + ordinal);
        }
        if (value == null) {
            int f = findField(field);
            if (f >= 0 && ordinal < rowCapacity) {
                columns.get(f).kinds[ordinal] = 0;
            }
            return;
        }
        ensureRows(ordinal + 1);
        columns.get(fieldFor(field)).set(ordinal, value);
    }

    /** The value of {@code field} in row {@code ordinal}, or null. */
    public Value get(int ordinal, int field) {
        if (field < 0 || field >= columns.size() || ordinal < 0 || ordinal >= rowCapacity) {
            return null;
        }
        return columns.get(field).get(ordinal);
    }

    public Value get(int ordinal, String field) {
        return get(ordinal, findField(field));
    }

    /** Whether row {@code ordinal} has any field set. */
    public boolean hasRow(int ordinal) {
        if (ordinal < 0 || ordinal >= rowCapacity) {
            return false;
        }
        for (Column c : columns) {
            if (c.kinds[ordinal] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Removes every field of row {@code ordinal}. */
    public void clearRow(int ordinal) {
        if (ordinal < 0 || ordinal >= rowCapacity) {
            return;
        }
        for (Column c : columns) {
            c.kinds[ordinal] = 0;
            if (c.strings != null) {
                c.strings[ordinal] = null;
            }
        }
    }

    /** The fields of one row, in field order (names and values), for export and display. */
    public Map<String, Value> row(int ordinal) {
        Map<String, Value> out = new java.util.LinkedHashMap<>();
        for (int f = 0; f < columns.size(); f++) {
            Value v = get(ordinal, f);
            if (v != null) {
                out.put(columns.get(f).name, v);
            }
        }
        return out;
    }

    /**
     * A new table holding rows {@code keep[0]}, {@code keep[1]}, ... of this one as rows 0, 1, ...
     * (used when compaction renumbers the vectors). Fields no kept row uses are dropped.
     */
    public MetadataTable select(int[] keep) {
        MetadataTable out = new MetadataTable();
        for (int row = 0; row < keep.length; row++) {
            for (int f = 0; f < columns.size(); f++) {
                Value v = get(keep[row], f);
                if (v != null) {
                    out.put(row, columns.get(f).name, v);
                }
            }
        }
        return out;
    }

    int kindAt(int field, int ordinal) {
        return ordinal < rowCapacity ? columns.get(field).kinds[ordinal] : 0;
    }

    double numberAt(int field, int ordinal) {
        return columns.get(field).numbers[ordinal];
    }

    private int fieldFor(String name) {
        Integer i = fieldIndex.get(name);
        if (i != null) {
            return i;
        }
        if (columns.size() >= MAX_FIELDS) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "more than " + MAX_FIELDS + " metadata fields");
        }
        columns.add(new Column(name, rowCapacity));
        fieldIndex.put(name, columns.size() - 1);
        return columns.size() - 1;
    }

    private void ensureRows(int rows) {
        if (rows <= rowCapacity) {
            return;
        }
        int capacity = Math.max(rows, Math.max(16, rowCapacity + (rowCapacity >> 1)));
        for (Column c : columns) {
            c.grow(capacity);
        }
        rowCapacity = capacity;
    }

    /** One field's values; {@code kinds[row] == 0} means the row does not have the field. */
    private static final class Column {
        final String name;
        byte[] kinds;
        double[] numbers;
        String[] strings;

        Column(String name, int capacity) {
            this.name = name;
            this.kinds = new byte[capacity];
            this.numbers = new double[capacity];
        }

        void grow(int capacity) {
            kinds = java.util.Arrays.copyOf(kinds, capacity);
            numbers = java.util.Arrays.copyOf(numbers, capacity);
            if (strings != null) {
                strings = java.util.Arrays.copyOf(strings, capacity);
            }
        }

        void set(int row, Value v) {
            kinds[row] = (byte) v.kind();
            if (v.kind() == Value.STRING) {
                if (strings == null) {
                    strings = new String[kinds.length];
                }
                strings[row] = v.string();
            } else {
                numbers[row] = v.kind() == Value.BOOLEAN ? (v.bool() ? 1 : 0) : v.number();
            }
        }

        Value get(int row) {
            switch (kinds[row]) {
                case Value.STRING:
                    return Value.of(strings[row]);
                case Value.NUMBER:
                    return Value.of(numbers[row]);
                case Value.BOOLEAN:
                    return Value.of(numbers[row] != 0);
                default:
                    return null;
            }
        }
    }
}
