package dev.rvf.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** A k-nearest-neighbour query as the reference binding takes it. */
public record ReferenceQuery(float[] vector, int k) {

    public ReferenceQuery {
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    JsonObject toJson() {
        JsonArray values = new JsonArray(vector.length);
        for (float f : vector) {
            values.add(Json.floatElement(f));
        }
        JsonObject o = new JsonObject();
        o.add("vector", values);
        o.addProperty("k", k);
        return o;
    }

    static ReferenceQuery fromJson(JsonObject o) {
        return new ReferenceQuery(Json.floats(Json.array(o, "vector")), Json.intValue(o, "k", 0));
    }
}
