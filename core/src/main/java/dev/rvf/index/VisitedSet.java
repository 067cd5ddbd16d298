package dev.rvf.index;

/**
 * Which nodes a search has already scored. One int mark per node compared with a generation counter, so
 * starting a new search is O(1) (bump the generation) instead of clearing an array.
 */
final class VisitedSet {
    private int[] marks = new int[0];
    private int generation = 1;

    /** Starts a new search over nodes 0..capacity-1. */
    void reset(int capacity) {
        if (marks.length < capacity) {
            marks = new int[Math.max(capacity, marks.length + (marks.length >> 1))];
            generation = 1;
            return;
        }
        if (++generation == 0) { // wrapped after 2^32 searches: clear once
            java.util.Arrays.fill(marks, 0);
            generation = 1;
        }
    }

    /** Marks a node; returns true if it was not yet visited in this search. */
    boolean visit(int node) {
        if (marks[node] == generation) {
            return false;
        }
        marks[node] = generation;
        return true;
    }
}
