package vn.tthc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads one JSON object of an answer into typed values, naming the path of
 * a missing or mistyped field. Keys the binding does not know are ignored
 * (the engine may add fields); a nullable field may also be absent, and an
 * absent list is empty.
 */
final class Read {
    private final JsonObject o;
    private final String path;

    private Read(JsonObject o, String path) {
        this.o = o;
        this.path = path;
    }

    /** The answer text, as a reader of its top object. */
    static Read json(String json) {
        try {
            JsonElement e = JsonParser.parseString(json);
            if (e.isJsonObject()) {
                return new Read(e.getAsJsonObject(), "");
            }
        } catch (JsonParseException e) {
            throw unreadable("the answer is not JSON: " + e.getMessage());
        }
        throw unreadable("the answer is not a JSON object");
    }

    static Read of(JsonObject o) {
        return new Read(o, "");
    }

    static InternalException unreadable(String what) {
        return new InternalException("cannot read libtthc's answer: " + what, Status.PANIC, "unreadable-answer",
                "the library and the Java binding are from different versions; install matching ones", "{}");
    }

    private String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private JsonElement get(String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e;
    }

    private InternalException missing(String key) {
        return unreadable("`" + at(key) + "` is missing");
    }

    private InternalException mistyped(String key, String type) {
        return unreadable("`" + at(key) + "` is not " + type);
    }

    private JsonPrimitive primitive(String key, String type) {
        JsonElement e = get(key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw mistyped(key, type);
        }
        return e.getAsJsonPrimitive();
    }

    Optional<String> optStr(String key) {
        JsonPrimitive p = primitive(key, "a string");
        if (p != null && !p.isString()) {
            throw mistyped(key, "a string");
        }
        return p == null ? Optional.empty() : Optional.of(p.getAsString());
    }

    String str(String key) {
        return optStr(key).orElseThrow(() -> missing(key));
    }

    OptionalLong optLong(String key) {
        JsonPrimitive p = primitive(key, "an integer");
        if (p == null) {
            return OptionalLong.empty();
        }
        if (!p.isNumber()) {
            throw mistyped(key, "an integer");
        }
        try {
            return OptionalLong.of(p.getAsBigDecimal().longValueExact());
        } catch (ArithmeticException e) {
            throw mistyped(key, "an integer of 64 bits");
        }
    }

    long lng(String key) {
        return optLong(key).orElseThrow(() -> missing(key));
    }

    int integer(String key) {
        long v = lng(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw mistyped(key, "an integer of 32 bits");
        }
        return (int) v;
    }

    boolean bool(String key) {
        JsonPrimitive p = primitive(key, "a boolean");
        if (p == null) {
            throw missing(key);
        }
        if (!p.isBoolean()) {
            throw mistyped(key, "a boolean");
        }
        return p.getAsBoolean();
    }

    Optional<LocalDate> optDate(String key) {
        return optStr(key).map(s -> {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                throw mistyped(key, "a date");
            }
        });
    }

    LocalDate date(String key) {
        return optDate(key).orElseThrow(() -> missing(key));
    }

    Optional<OffsetDateTime> optInstant(String key) {
        return optStr(key).map(s -> {
            try {
                return OffsetDateTime.parse(s);
            } catch (DateTimeParseException e) {
                throw mistyped(key, "an RFC 3339 instant");
            }
        });
    }

    OffsetDateTime instant(String key) {
        return optInstant(key).orElseThrow(() -> missing(key));
    }

    Optional<Read> optObj(String key) {
        JsonElement e = get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!e.isJsonObject()) {
            throw mistyped(key, "an object");
        }
        return Optional.of(new Read(e.getAsJsonObject(), at(key)));
    }

    Read obj(String key) {
        return optObj(key).orElseThrow(() -> missing(key));
    }

    /** The objects of an array field, each read by {@code read}; absent is empty. */
    <T> List<T> list(String key, Function<Read, T> read) {
        JsonArray a = array(key);
        List<T> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonObject()) {
                throw mistyped(key + "." + i, "an object");
            }
            out.add(read.apply(new Read(e.getAsJsonObject(), at(key + "." + i))));
        }
        return Collections.unmodifiableList(out);
    }

    /** An object of strings by name (e.g. a procedure's {@code verbatim}); absent is empty. */
    Map<String, String> stringMap(String key) {
        JsonElement e = get(key);
        if (e == null) {
            return Collections.emptyMap();
        }
        if (!e.isJsonObject()) {
            throw mistyped(key, "an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw mistyped(key + "." + m.getKey(), "a string");
            }
            out.put(m.getKey(), v.getAsString());
        }
        return Collections.unmodifiableMap(out);
    }

    List<String> strings(String key) {
        JsonArray a = array(key);
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw mistyped(key + "." + i, "a string");
            }
            out.add(e.getAsString());
        }
        return Collections.unmodifiableList(out);
    }

    private JsonArray array(String key) {
        JsonElement e = get(key);
        if (e == null) {
            return new JsonArray();
        }
        if (!e.isJsonArray()) {
            throw mistyped(key, "an array");
        }
        return e.getAsJsonArray();
    }
}
