package vn.tthc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input through the Java binding, and the calls the vectors do not reach. */
class AbiTest {
    private static String fixture(String name) {
        return ConformanceTest.ROOT.resolve("tests/fixtures").resolve(name).toString();
    }

    private static Tthc.Engine engine() {
        return Tthc.Engine.fromDir(fixture("sample-ffi-a"), true);
    }

    private static String statusOf(Executable f) {
        return assertThrows(Tthc.TthcException.class, f).status;
    }

    private static final String CASE =
            "{\"procedure\": \"sample.ffi\", \"channel\": \"in-person\", \"submitted_at\": \"2025-03-10T09:00:00\"}";

    @Test
    void versions() {
        assertTrue(Tthc.version().matches("\\d+\\.\\d+\\.\\d+.*"));
        assertEquals(1, Tthc.abiVersion());
    }

    @Test
    void nullArguments() {
        try (Tthc.Engine e = engine()) {
            assertEquals("NULL_ARGUMENT", statusOf(() -> e.callRaw("evaluate", null)));
        }
        assertEquals("NULL_ARGUMENT", statusOf(() -> Tthc.Engine.fromDir(null, false)));
    }

    @Test
    void invalidUtf8() {
        byte[] bad = "{\"procedure\": \"?\"}\0".getBytes(StandardCharsets.UTF_8);
        bad[15] = (byte) 0xff;
        try (Tthc.Engine e = engine()) {
            assertEquals("INVALID_UTF8", statusOf(() -> e.callRaw("evaluate", bad)));
        }
    }

    @Test
    void malformedJson() {
        try (Tthc.Engine e = engine()) {
            assertEquals("INVALID_JSON", statusOf(() -> e.evaluate("{\"procedure\": ")));
            assertEquals("INVALID_JSON", statusOf(() -> e.procedureSearch("[1, 2")));
            assertEquals("INVALID_INPUT", statusOf(() -> e.evaluate("{\"procedure\": \"sample.ffi\", \"chanel\": \"x\"}")));
        }
    }

    @Test
    void oversizedInput() {
        byte[] big = new byte[(int) Tthc.Lib.INSTANCE.tthc_max_input_bytes() + 2];
        Arrays.fill(big, (byte) ' ');
        big[big.length - 1] = 0;
        try (Tthc.Engine e = engine()) {
            assertEquals("INPUT_TOO_LARGE", statusOf(() -> e.callRaw("evaluate", big)));
        }
    }

    @Test
    void catalogueErrorsHaveLocations() {
        Tthc.TthcException ex = assertThrows(Tthc.TthcException.class, () -> Tthc.Engine.fromSources(
                Collections.singletonMap("procedures/bad.toml", "[[procedure]]\nid = \"sample.x\"\nname = \n"), true));
        assertEquals("CATALOG_ERROR", ex.status);
        JsonObject loc = JsonParser.parseString(ex.detailsJson).getAsJsonObject()
                .getAsJsonArray("diagnostics").get(0).getAsJsonObject().getAsJsonObject("location");
        assertEquals("procedures/bad.toml", loc.get("file").getAsString());
        assertEquals(3, loc.get("line").getAsInt());
    }

    @Test
    void failedReloadKeepsTheOldCatalogue() {
        try (Tthc.Engine e = engine()) {
            String a = e.contentHash();
            assertEquals("CATALOG_ERROR", statusOf(() -> e.reloadFromDir(fixture("sample-broken-catalog"), false)));
            assertEquals(a, e.contentHash());
            e.reloadFromDir(fixture("sample-ffi-b"), true);
            assertNotEquals(a, e.contentHash());
            JsonObject d = JsonParser.parseString(e.evaluate(CASE)).getAsJsonObject();
            assertEquals(20000, d.getAsJsonObject("fee").get("payable").getAsInt());
        }
    }

    @Test
    void calendarAndLunar() {
        try (Tthc.Engine e = engine(); Tthc.Calendar cal = e.calendar(null)) {
            assertFalse(cal.isWorkingDay(Tthc.dateFromYmd(2025, 9, 2)));
            int due = cal.addWorkingDays(Tthc.dateFromYmd(2025, 9, 3), 5);
            assertArrayEquals(new int[] {2025, 9, 10}, Tthc.dateToYmd(due));
            assertEquals(5, cal.workingDaysBetween(Tthc.dateFromYmd(2025, 9, 3), due));
            assertEquals("OUT_OF_RANGE", statusOf(() -> cal.isWorkingDay(Tthc.dateFromYmd(1900, 1, 1))));
            assertEquals("INVALID_INPUT", statusOf(() -> Tthc.dateFromYmd(2025, 2, 29)));
            assertEquals("NOT_FOUND", statusOf(() -> e.calendar("sample-khong-co")));
        }
        Tthc.LunarDate tet = Tthc.solarToLunar(Tthc.dateFromYmd(2025, 1, 29));
        assertArrayEquals(new int[] {2025, 1, 1, 0}, new int[] {tet.year, tet.month, tet.day, tet.leap});
    }
}
