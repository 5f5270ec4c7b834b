package vn.tthc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every conformance vector (tests/conformance/vectors.json) through the Java
 * binding. Paths as in tests/conformance/README.md: {@code a.b} key,
 * {@code a.2} index, {@code a[].b} the list of {@code b} over the array {@code a}.
 */
class ConformanceTest {
    static final Path ROOT = Paths.get(System.getProperty("tthc.root", "../.."));
    private static final Map<String, Tthc.Engine> ENGINES = new HashMap<>();

    @AfterAll
    static void closeEngines() {
        for (Tthc.Engine e : ENGINES.values()) {
            e.close();
        }
    }

    private static String str(JsonObject o, String key, String otherwise) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? otherwise : e.getAsString();
    }

    private static Tthc.Engine engine(JsonObject v) {
        String catalog = str(v, "catalog", "embedded");
        // Deadline and track vectors layer their fixture over the embedded
        // catalogue, as the Rust runners do.
        boolean over = (v.has("over_embedded") && v.get("over_embedded").getAsBoolean())
                || !str(v, "operation", "evaluate").equals("evaluate");
        String key = catalog + (over ? "+embedded" : "");
        Tthc.Engine e = ENGINES.get(key);
        if (e == null) {
            e = catalog.equals("embedded")
                    ? Tthc.Engine.embedded()
                    : Tthc.Engine.fromDir(ROOT.resolve("tests/fixtures").resolve(catalog).toString(), over);
            ENGINES.put(key, e);
        }
        return e;
    }

    /** The value at path, or null when absent (JsonNull when present and null). */
    static JsonElement select(JsonElement v, String path) {
        String[] parts = path.split("\\.", 2);
        String head = parts[0];
        boolean map = head.endsWith("[]");
        String key = map ? head.substring(0, head.length() - 2) : head;
        JsonElement here;
        if (v.isJsonArray() && key.matches("\\d+")) {
            JsonArray a = v.getAsJsonArray();
            int i = Integer.parseInt(key);
            here = i < a.size() ? a.get(i) : null;
        } else if (v.isJsonObject()) {
            here = v.getAsJsonObject().get(key);
        } else {
            here = null;
        }
        if (here == null) {
            return null;
        }
        if (map) {
            if (!here.isJsonArray()) {
                return null;
            }
            if (parts.length == 1) {
                return here;
            }
            JsonArray out = new JsonArray();
            for (JsonElement item : here.getAsJsonArray()) {
                JsonElement x = select(item, parts[1]);
                if (x == null) {
                    return null;
                }
                out.add(x);
            }
            return out;
        }
        return parts.length == 1 ? here : select(here, parts[1]);
    }

    /** JSON equality where 5 and 5.0 are the same number. */
    static boolean same(JsonElement a, JsonElement b) {
        if (a.isJsonPrimitive() && b.isJsonPrimitive()) {
            JsonPrimitive p = a.getAsJsonPrimitive(), q = b.getAsJsonPrimitive();
            if (p.isNumber() && q.isNumber()) {
                return p.getAsDouble() == q.getAsDouble();
            }
            return p.equals(q);
        }
        if (a.isJsonArray() && b.isJsonArray()) {
            JsonArray x = a.getAsJsonArray(), y = b.getAsJsonArray();
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

    private static void run(JsonObject v) {
        Tthc.Engine engine = engine(v);
        String operation = str(v, "operation", "evaluate");
        JsonElement request = v.get("case");
        if (operation.equals("track")) {
            JsonObject dossier = new JsonObject();
            dossier.add("case", v.get("case"));
            dossier.add("events", v.has("events") ? v.get("events") : new JsonArray());
            if (v.has("as_of")) {
                dossier.add("as_of", v.get("as_of"));
            }
            request = dossier;
        }
        byte[] json = Tthc.cString(request.toString());
        if (v.has("expect_error")) {
            JsonObject want = v.getAsJsonObject("expect_error");
            try {
                engine.callRaw(operation, json);
                fail("expected error " + want);
            } catch (Tthc.TthcException e) {
                JsonObject details = JsonParser.parseString(e.detailsJson).getAsJsonObject();
                assertEquals(str(want, "kind", ""), str(details, "kind", ""));
                assertTrue(e.getMessage().contains(str(want, "message", "")), e.getMessage());
            }
            return;
        }
        JsonElement answer = JsonParser.parseString(engine.callRaw(operation, json));
        if (v.has("expect")) {
            for (Map.Entry<String, JsonElement> want : v.getAsJsonObject("expect").entrySet()) {
                JsonElement got = select(answer, want.getKey());
                assertTrue(got != null, "`" + want.getKey() + "` not found");
                assertTrue(same(got, want.getValue()), "`" + want.getKey() + "` = " + got + ", expected " + want.getValue());
            }
        }
        if (v.has("expect_null")) {
            for (JsonElement path : v.getAsJsonArray("expect_null")) {
                JsonElement got = select(answer, path.getAsString());
                assertTrue(got != null && got.isJsonNull(), "`" + path.getAsString() + "` is not null");
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
