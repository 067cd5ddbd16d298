package dev.rvf.store;

/** One query result: a vector id (u64, as long bits) and its distance to the query (smaller is nearer). */
public final class SearchHit {
    private final long id;
    private final float distance;

    public SearchHit(long id, float distance) {
        this.id = id;
        this.distance = distance;
    }

    public long id() {
        return id;
    }

    public float distance() {
        return distance;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SearchHit)) {
            return false;
        }
        SearchHit h = (SearchHit) o;
        return id == h.id && Float.floatToIntBits(distance) == Float.floatToIntBits(h.distance);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Float.floatToIntBits(distance);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(id) + ":" + distance;
    }
}
