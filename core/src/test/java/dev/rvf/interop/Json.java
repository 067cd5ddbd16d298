package dev.rvf.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Small, null-tolerant accessors for the JSON the reference scripts print. */
final class Json {
    private Json() {
    }

    static boolean has(JsonObject o, String key) {
        return o != null && o.has(key) && !o.get(key).isJsonNull();
    }

    static String string(JsonObject o, String key) {
        return has(o, key) ? o.get(key).getAsString() : null;
    }

    static long longValue(JsonObject o, String key, long absent) {
        return has(o, key) ? o.get(key).getAsLong() : absent;
    }

    static int intValue(JsonObject o, String key, int absent) {
        return has(o, key) ? o.get(key).getAsInt() : absent;
    }

    static double doubleValue(JsonObject o, String key, double absent) {
        // getAsDouble also parses the strings "NaN"/"Infinity" the scripts use for non-finite numbers.
        return has(o, key) ? o.get(key).getAsDouble() : absent;
    }

    static boolean bool(JsonObject o, String key) {
        return has(o, key) && o.get(key).getAsBoolean();
    }

    static JsonObject object(JsonObject o, String key) {
        return has(o, key) ? o.getAsJsonObject(key) : null;
    }

    static JsonArray array(JsonObject o, String key) {
        return has(o, key) ? o.getAsJsonArray(key) : new JsonArray();
    }

    static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    /** JSON numbers are the exact double values of float32s, so the cast is lossless. */
    static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).getAsDouble();
        }
        return out;
    }

    static <T> List<T> list(JsonArray a, Function<JsonObject, T> parse) {
        List<T> out = new ArrayList<>(a.size());
        for (JsonElement e : a) {
            out.add(parse.apply(e.getAsJsonObject()));
        }
        return List.copyOf(out);
    }

    static Map<String, String> stringMap(JsonObject o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                out.put(e.getKey(), e.getValue().isJsonNull() ? null : e.getValue().getAsString());
            }
        }
        return out;
    }

    static byte[] hex(String hex) {
        return hex == null ? null : HexFormat.of().parseHex(hex);
    }

    /** A float as a JSON number that JS parses back to the same float32; non-finite ones as "NaN"/"Infinity". */
    static JsonElement floatElement(float f) {
        if (Float.isFinite(f)) {
            return new com.google.gson.JsonPrimitive((double) f);
        }
        return new com.google.gson.JsonPrimitive(Float.isNaN(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
    }
}
