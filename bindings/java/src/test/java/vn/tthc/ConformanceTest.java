package vn.tthc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every conformance vector (tests/conformance/vectors.json) through the typed
 * API: Engine.evaluate / deadline / track return Decision / Deadline /
 * Tracking, and each expected path is read from those objects through their
 * accessors ({@code fee.reductions[].payable_after} is
 * {@code decision.fee().reductions().get(i).payableAfter()}), never from the
 * answer text. Paths as in tests/conformance/README.md: {@code a.b} key,
 * {@code a.2} index, {@code a[].b} the list of {@code b} over the array {@code a}.
 */
class ConformanceTest {
    static final Path ROOT = Paths.get(System.getProperty("tthc.root", "../.."));
    private static final Map<String, Engine> ENGINES = new HashMap<>();
    /** The one key whose accessor is not its camelCase: {@code case} is a Java keyword. */
    private static final Map<String, String> ACCESSOR = new HashMap<>();

    static {
        ACCESSOR.put("case", "caseType");
    }

    /** Marks a path that the typed answer does not have. */
    private static final Object ABSENT = new Object();

    @AfterAll
    static void closeEngines() {
        for (Engine e : ENGINES.values()) {
            e.close();
        }
    }

    private static String str(JsonObject o, String key, String otherwise) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? otherwise : e.getAsString();
    }

    private static Engine engine(JsonObject v) {
        String catalog = str(v, "catalog", "embedded");
        // Deadline and track vectors layer their fixture over the embedded
        // catalogue, as the Rust runners do.
        boolean over = (v.has("over_embedded") && v.get("over_embedded").getAsBoolean())
                || !str(v, "operation", "evaluate").equals("evaluate");
        String key = catalog + (over ? "+embedded" : "");
        return ENGINES.computeIfAbsent(key, k -> catalog.equals("embedded")
                ? Engine.embedded()
                : Engine.fromDir(ROOT.resolve("tests/fixtures").resolve(catalog).toString(), over));
    }

    /** The typed answer of the vector's operation. */
    private static Object answer(Engine engine, JsonObject v) {
        String caseJson = v.get("case").toString();
        switch (str(v, "operation", "evaluate")) {
            case "evaluate":
                return engine.evaluate(caseJson);
            case "deadline":
                return engine.deadline(caseJson);
            case "track":
                JsonObject dossier = new JsonObject();
                dossier.add("case", v.get("case"));
                dossier.add("events", v.has("events") ? v.get("events") : new JsonArray());
                if (v.has("as_of")) {
                    dossier.add("as_of", v.get("as_of"));
                }
                return engine.track(dossier.toString());
            default:
                throw new IllegalArgumentException("operation " + str(v, "operation", "?"));
        }
    }

    /** {@code payable_after} → {@code payableAfter}. */
    private static String accessor(String key) {
        if (ACCESSOR.containsKey(key)) {
            return ACCESSOR.get(key);
        }
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** An Optional's content or null; other values as they are. */
    private static Object unwrap(Object v) {
        if (v instanceof Optional) {
            return ((Optional<?>) v).orElse(null);
        }
        if (v instanceof OptionalLong) {
            OptionalLong l = (OptionalLong) v;
            return l.isPresent() ? (Object) l.getAsLong() : null;
        }
        return v;
    }

    /** The value at {@code path} in a typed answer, or ABSENT. */
    static Object select(Object v, String path) throws ReflectiveOperationException {
        String[] parts = path.split("\\.", 2);
        boolean map = parts[0].endsWith("[]");
        String key = map ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
        Object here;
        if (v instanceof List && key.matches("\\d+")) {
            List<?> list = (List<?>) v;
            int i = Integer.parseInt(key);
            if (i >= list.size()) {
                return ABSENT;
            }
            here = list.get(i);
        } else if (v != null && !(v instanceof List)) {
            Method m;
            try {
                m = v.getClass().getMethod(accessor(key));
            } catch (NoSuchMethodException e) {
                return ABSENT;
            }
            try {
                here = unwrap(m.invoke(v));
            } catch (InvocationTargetException e) {
                throw new AssertionError(e.getCause());
            }
        } else {
            return ABSENT;
        }
        if (map) {
            if (!(here instanceof List)) {
                return ABSENT;
            }
            if (parts.length == 1) {
                return here;
            }
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) here) {
                Object x = select(item, parts[1]);
                if (x == ABSENT) {
                    return ABSENT;
                }
                out.add(x);
            }
            return out;
        }
        return parts.length == 1 ? here : select(here, parts[1]);
    }

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** A typed value as the JSON value it stands for (dates and instants as the engine writes them). */
    static JsonElement json(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof List) {
            JsonArray a = new JsonArray();
            for (Object x : (List<?>) v) {
                a.add(json(x));
            }
            return a;
        }
        if (v instanceof String) {
            return new JsonPrimitive((String) v);
        }
        if (v instanceof Number) {
            return new JsonPrimitive((Number) v);
        }
        if (v instanceof Boolean) {
            return new JsonPrimitive((Boolean) v);
        }
        if (v instanceof LocalDate) {
            return new JsonPrimitive(v.toString());
        }
        if (v instanceof OffsetDateTime) {
            return new JsonPrimitive(((OffsetDateTime) v).format(RFC3339));
        }
        throw new AssertionError("the vector compares a whole " + v.getClass().getSimpleName() + "; compare its fields");
    }

    /** JSON equality where 5 and 5.0 are the same number. */
    static boolean same(JsonElement a, JsonElement b) {
        if (a.isJsonPrimitive() && b.isJsonPrimitive()) {
            JsonPrimitive p = a.getAsJsonPrimitive();
            JsonPrimitive q = b.getAsJsonPrimitive();
            if (p.isNumber() && q.isNumber()) {
                return p.getAsDouble() == q.getAsDouble();
            }
            return p.equals(q);
        }
        if (a.isJsonArray() && b.isJsonArray()) {
            JsonArray x = a.getAsJsonArray();
            JsonArray y = b.getAsJsonArray();
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static void run(JsonObject v) throws ReflectiveOperationException {
        Engine engine = engine(v);
        if (v.has("expect_error")) {
            JsonObject want = v.getAsJsonObject("expect_error");
            try {
                answer(engine, v);
                fail("expected error " + want);
            } catch (TthcException e) {
                assertEquals(str(want, "kind", ""), e.kind());
                assertTrue(e.getMessage().contains(str(want, "message", "")), e.getMessage());
                assertNotEquals(TthcException.class, e.getClass(), "a known kind gets its own exception class");
            }
            return;
        }
        Object answer = answer(engine, v);
        assertNotNull(answer);
        if (v.has("expect")) {
            for (Map.Entry<String, JsonElement> want : v.getAsJsonObject("expect").entrySet()) {
                Object got = select(answer, want.getKey());
                assertTrue(got != ABSENT, "`" + want.getKey() + "` is not in the typed answer");
                JsonElement g = json(got);
                assertTrue(same(g, want.getValue()), "`" + want.getKey() + "` = " + g + ", expected " + want.getValue());
            }
        }
        if (v.has("expect_null")) {
            for (JsonElement path : v.getAsJsonArray("expect_null")) {
                Object got = select(answer, path.getAsString());
                assertTrue(got == null, "`" + path.getAsString() + "` is not null");
            }
        }
    }

    @TestFactory
    List<DynamicTest> everyVector() throws Exception {
        String text = new String(Files.readAllBytes(ROOT.resolve("tests/conformance/vectors.json")), StandardCharsets.UTF_8);
        JsonObject files = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("files");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonElement> file : files.entrySet()) {
            for (JsonElement el : file.getValue().getAsJsonObject().getAsJsonArray("vector")) {
                final JsonObject v = el.getAsJsonObject();
                tests.add(DynamicTest.dynamicTest(file.getKey() + " / " + str(v, "name", "?"), () -> run(v)));
            }
        }
        assertTrue(tests.size() > 0, "no vectors");
        return tests;
    }
}
