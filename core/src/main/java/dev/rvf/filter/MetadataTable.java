package dev.rvf.filter;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.util.LongIntMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-vector metadata stored by column: one column per field name, one row per vector ordinal.
 * Columns keep primitive arrays so filter evaluation over every row does not chase objects.
 *
 * <p>A column is dense (arrays indexed by ordinal) while at least one row in {@link #DENSITY} up to its last set row
 * has a value, and sparse (a small ordinal hash table) otherwise. So memory stays proportional to the values stored:
 * thousands of fields each set on a few rows (which a hostile META segment can declare in a few bytes per field)
 * do not cost fields x rows.
 */
public final class MetadataTable {
    /** Upper bound on distinct field names, so hostile input cannot create unbounded columns. */
    public static final int MAX_FIELDS = 4096;
    /** A column is dense while values x DENSITY >= rows it spans. */
    static final int DENSITY = 8;

    private final Map<String, Integer> fieldIndex = new HashMap<>();
    private final List<Column> columns = new ArrayList<>();
    /** Number of fields set per row (so hasRow does not visit every column). */
    private int[] rowFields = new int[0];

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
            if (f >= 0 && columns.get(f).remove(ordinal)) {
                rowFields[ordinal]--;
            }
            return;
        }
        Column c = columns.get(fieldFor(field));
        if (ordinal >= rowFields.length) {
            rowFields = Arrays.copyOf(rowFields, Math.max(ordinal + 1, Math.max(16, rowFields.length
                    + (rowFields.length >> 1))));
        }
        if (c.set(ordinal, value)) {
            rowFields[ordinal]++;
        }
    }

    /** The value of {@code field} in row {@code ordinal}, or null. */
    public Value get(int ordinal, int field) {
        if (field < 0 || field >= columns.size() || ordinal < 0) {
            return null;
        }
        return columns.get(field).get(ordinal);
    }

    public Value get(int ordinal, String field) {
        return get(ordinal, findField(field));
    }

    /** Whether row {@code ordinal} has any field set. */
    public boolean hasRow(int ordinal) {
        return ordinal >= 0 && ordinal < rowFields.length && rowFields[ordinal] > 0;
    }

    /** Removes every field of row {@code ordinal}. */
    public void clearRow(int ordinal) {
        if (!hasRow(ordinal)) {
            return;
        }
        for (Column c : columns) {
            c.remove(ordinal);
        }
        rowFields[ordinal] = 0;
    }

    /** The fields of one row, in field order (names and values), for export and display. */
    public Map<String, Value> row(int ordinal) {
        Map<String, Value> out = new java.util.LinkedHashMap<>();
        if (!hasRow(ordinal)) {
            return out;
        }
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
     * (used when compaction renumbers the vectors). Fields no kept row uses are dropped; the others keep the order
     * in which the new rows first use them. Work is proportional to the values stored, not fields x rows.
     */
    public MetadataTable select(int[] keep) {
        int[] newRow = new int[rowFields.length];
        Arrays.fill(newRow, -1);
        for (int row = 0; row < keep.length; row++) {
            if (hasRow(keep[row])) {
                newRow[keep[row]] = row;
            }
        }
        int[] firstRow = new int[columns.size()];
        Integer[] order = new Integer[columns.size()];
        for (int f = 0; f < columns.size(); f++) {
            order[f] = f;
            firstRow[f] = columns.get(f).firstMappedRow(newRow);
        }
        Arrays.sort(order, (a, b) -> firstRow[a] != firstRow[b] ? Integer.compare(firstRow[a], firstRow[b])
                : Integer.compare(a, b));
        MetadataTable out = new MetadataTable();
        for (int f : order) {
            if (firstRow[f] != Integer.MAX_VALUE) {
                columns.get(f).copyMapped(newRow, out, columns.get(f).name);
            }
        }
        return out;
    }

    int kindAt(int field, int ordinal) {
        return columns.get(field).kind(ordinal);
    }

    double numberAt(int field, int ordinal) {
        return columns.get(field).number(ordinal);
    }

    private int fieldFor(String name) {
        Integer i = fieldIndex.get(name);
        if (i != null) {
            return i;
        }
        if (columns.size() >= MAX_FIELDS) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "more than " + MAX_FIELDS + " metadata fields");
        }
        columns.add(new Column(name));
        fieldIndex.put(name, columns.size() - 1);
        return columns.size() - 1;
    }

    /**
     * One field's values. Dense: {@code kinds[row]} (0 = not set), {@code numbers[row]}, {@code strings[row]}.
     * Sparse: an open-addressing table whose slot i holds row {@code keys[i] - 1} (0 = empty slot) and its value at
     * {@code kinds[i]}, {@code numbers[i]}, {@code strings[i]}; a removed value keeps its key with kind 0.
     */
    private static final class Column {
        final String name;
        int[] keys = new int[8];
        byte[] kinds = new byte[8];
        double[] numbers = new double[8];
        String[] strings;
        /** Values set. */
        int count;
        /** Occupied slots of the sparse table (removed values included). */
        int used;
        /** 1 + the highest row ever set. */
        int extent;

        Column(String name) {
            this.name = name;
        }

        boolean dense() {
            return keys == null;
        }

        /** Index of {@code row}'s value in the arrays, or -1. */
        int index(int row) {
            if (dense()) {
                return row < kinds.length ? row : -1;
            }
            int mask = keys.length - 1;
            for (int i = mix(row) & mask; keys[i] != 0; i = (i + 1) & mask) {
                if (keys[i] == row + 1) {
                    return i;
                }
            }
            return -1;
        }

        int kind(int row) {
            int i = row < 0 ? -1 : index(row);
            return i < 0 ? 0 : kinds[i];
        }

        double number(int row) {
            int i = index(row);
            return i < 0 ? 0 : numbers[i];
        }

        Value get(int row) {
            int i = index(row);
            if (i < 0) {
                return null;
            }
            switch (kinds[i]) {
                case Value.STRING:
                    return Value.of(strings[i]);
                case Value.NUMBER:
                    return Value.of(numbers[i]);
                case Value.BOOLEAN:
                    return Value.of(numbers[i] != 0);
                default:
                    return null;
            }
        }

        /** Sets a value; true when the row had none. */
        boolean set(int row, Value v) {
            int i = index(row);
            boolean added = i < 0 || kinds[i] == 0;
            if (i < 0) {
                ensureRoom(row);
                i = dense() ? row : insertKey(row);
            }
            kinds[i] = (byte) v.kind();
            if (v.kind() == Value.STRING) {
                if (strings == null) {
                    strings = new String[kinds.length];
                }
                strings[i] = v.string();
            } else {
                numbers[i] = v.kind() == Value.BOOLEAN ? (v.bool() ? 1 : 0) : v.number();
                if (strings != null) {
                    strings[i] = null;
                }
            }
            if (added) {
                count++;
            }
            extent = Math.max(extent, row + 1);
            return added;
        }

        /** Removes a value; true when there was one. */
        boolean remove(int row) {
            int i = index(row);
            if (i < 0 || kinds[i] == 0) {
                return false;
            }
            kinds[i] = 0;
            if (strings != null) {
                strings[i] = null;
            }
            count--;
            return true;
        }

        /** Makes room for a new value at {@code row}, choosing dense or sparse by the density that results. */
        private void ensureRoom(int row) {
            int span = Math.max(extent, row + 1);
            boolean wantDense = (long) (count + 1) * DENSITY >= span;
            if (wantDense) {
                if (!dense() || row >= kinds.length) {
                    rebuild(true, Math.max(span, Math.max(16, kinds.length + (kinds.length >> 1))));
                }
            } else if (dense()) {
                rebuild(false, tableSize(count + 1));
            } else if ((used + 1) * 4L > keys.length * 3L) {
                rebuild(false, tableSize(count + 1));
            }
        }

        private static int tableSize(int values) {
            int size = 8;
            while (size * 3 < values * 4 + 4) {
                size <<= 1;
            }
            return size * 2;
        }

        /** Moves every value into a new dense array of {@code capacity} rows or a sparse table of that size. */
        private void rebuild(boolean toDense, int capacity) {
            int[] oldKeys = keys;
            byte[] oldKinds = kinds;
            double[] oldNumbers = numbers;
            String[] oldStrings = strings;
            keys = toDense ? null : new int[capacity];
            kinds = new byte[capacity];
            numbers = new double[capacity];
            strings = oldStrings == null ? null : new String[capacity];
            used = 0;
            for (int i = 0; i < oldKinds.length; i++) {
                if (oldKinds[i] == 0) {
                    continue;
                }
                int row = oldKeys == null ? i : oldKeys[i] - 1;
                int j = toDense ? row : insertKey(row);
                kinds[j] = oldKinds[i];
                numbers[j] = oldNumbers[i];
                if (oldStrings != null) {
                    strings[j] = oldStrings[i];
                }
            }
        }

        /** Claims a slot of the sparse table for a row that has none. */
        private int insertKey(int row) {
            int mask = keys.length - 1;
            int i = mix(row) & mask;
            while (keys[i] != 0) {
                i = (i + 1) & mask;
            }
            keys[i] = row + 1;
            used++;
            return i;
        }

        private static int mix(int row) {
            return (int) LongIntMap.hash(row); // keyed: which rows carry a value comes from the file
        }

        /** The smallest new row of a value of this column ({@code newRow[old]}, -1 = dropped), or MAX_VALUE. */
        int firstMappedRow(int[] newRow) {
            int first = Integer.MAX_VALUE;
            for (int i = 0; i < kinds.length; i++) {
                if (kinds[i] != 0) {
                    int row = dense() ? i : keys[i] - 1;
                    if (row < newRow.length && newRow[row] >= 0) {
                        first = Math.min(first, newRow[row]);
                    }
                }
            }
            return first;
        }

        /** Copies the values of kept rows into {@code out} under their new row numbers. */
        void copyMapped(int[] newRow, MetadataTable out, String field) {
            for (int i = 0; i < kinds.length; i++) {
                if (kinds[i] != 0) {
                    int row = dense() ? i : keys[i] - 1;
                    if (row < newRow.length && newRow[row] >= 0) {
                        out.put(newRow[row], field, get(row));
                    }
                }
            }
        }
    }
}
