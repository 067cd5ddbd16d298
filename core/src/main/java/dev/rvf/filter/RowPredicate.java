package dev.rvf.filter;

/** A filter compiled against one {@link MetadataTable}: tests a row (vector ordinal). */
@FunctionalInterface
public interface RowPredicate {
    boolean test(int ordinal);
}
