package vn.tthc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input through the Java binding, and the calls the vectors do not reach. */
class AbiTest {
    private static final OffsetDateTime MONDAY = OffsetDateTime.of(2025, 3, 10, 9, 0, 0, 0, ZoneOffset.ofHours(7));
    private static final Case CASE = Case.builder("sample.ffi", "in-person", MONDAY).build();

    private static String fixture(String name) {
        return ConformanceTest.ROOT.resolve("tests/fixtures").resolve(name).toString();
    }

    private static Engine engine() {
        return Engine.fromDir(fixture("sample-ffi-a"), true);
    }

    /** Asserts {@code f} throws exactly {@code type} with {@code status}. */
    private static <T extends TthcException> T assertThrowsTyped(Class<T> type, Status status, Executable f) {
        TthcException e = assertThrows(TthcException.class, f);
        assertEquals(type, e.getClass(), e.getMessage());
        assertEquals(status, e.status(), e.getMessage());
        return type.cast(e);
    }

    @Test
    void versions() {
        assertTrue(Tthc.version().matches("\\d+\\.\\d+\\.\\d+.*"));
        assertEquals(1, Tthc.abiVersion());
        // Once loaded, the library cannot be swapped under running engines.
        assertThrows(IllegalStateException.class, () -> Tthc.configure("/nonexistent/libtthc.so"));
    }

    /** The library's table of statuses and kinds (tthc_error_kinds_json). */
    private static JsonObject kindsTable() {
        return JsonParser.parseString(Native.tthc_error_kinds_json().getString(0, "UTF-8")).getAsJsonObject();
    }

    /** The Status constants are the library's statuses, same values and names, both ways. */
    @Test
    void statusMirrorsTheLibrarysTable() {
        Map<String, Integer> library = new LinkedHashMap<>();
        for (JsonElement s : kindsTable().getAsJsonArray("statuses")) {
            library.put(s.getAsJsonObject().get("name").getAsString(), s.getAsJsonObject().get("code").getAsInt());
        }
        Map<String, Integer> fromEnum = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            fromEnum.put(s.name(), s.value());
            assertEquals(s.name(), Native.tthc_status_name(s.value()).getString(0, "UTF-8"));
        }
        assertTrue(library.size() > 11);
        assertEquals(library, fromEnum);
    }

    /** Every kind the library reports gets an exception family; every kind named in Errors is one the library reports. */
    @Test
    void everyKindHasAFamily() {
        Set<String> reported = new HashSet<>();
        for (JsonElement k : kindsTable().getAsJsonArray("kinds")) {
            String kind = k.getAsJsonObject().get("kind").getAsString();
            Status status = Status.fromName(k.getAsJsonObject().get("status").getAsString());
            assertTrue(status != null, kind);
            reported.add(kind);
            TthcException e = Errors.familyOf(kind, status).make("m", status, kind, "", "{}");
            assertNotEquals(TthcException.class, e.getClass(), "no family for " + kind);
        }
        assertFalse(reported.isEmpty());
        Set<String> stale = new HashSet<>(Errors.ownFamilies());
        stale.removeAll(reported);
        assertEquals(Collections.emptySet(), stale, "kinds in Errors that the library does not report");
    }

    @Test
    void badRequestsAreCaseExceptions() {
        byte[] badUtf8 = "{\"procedure\": \"?\"}\0".getBytes(StandardCharsets.UTF_8);
        badUtf8[15] = (byte) 0xff;
        byte[] big = new byte[(int) Tthc.maxInputBytes() + 2];
        Arrays.fill(big, (byte) ' ');
        big[big.length - 1] = 0;
        try (Engine e = engine()) {
            assertThrowsTyped(CaseException.class, Status.NULL_ARGUMENT, () -> e.callRaw("evaluate", null));
            assertThrowsTyped(CaseException.class, Status.INVALID_UTF8, () -> e.callRaw("evaluate", badUtf8));
            assertThrowsTyped(CaseException.class, Status.INVALID_JSON, () -> e.evaluate("{\"procedure\": "));
            CaseException bad = assertThrowsTyped(CaseException.class, Status.INVALID_INPUT,
                    () -> e.evaluate("{\"procedure\": \"sample.ffi\", \"chanel\": \"x\"}"));
            assertEquals("invalid-case", bad.kind());
            assertTrue(bad.getMessage().contains("chanel"));
            assertThrowsTyped(CaseException.class, Status.INVALID_INPUT, () -> e.evaluate(Case.builder("sample.ffi", "fax", MONDAY).build()));
            assertThrowsTyped(CaseException.class, Status.INVALID_INPUT, () -> e.calendar("sample\0x"));
            assertThrowsTyped(CaseException.class, Status.INPUT_TOO_LARGE, () -> e.callRaw("evaluate", big));
            // Bytes without a final NUL get one: C never reads past the array.
            byte[] unterminated = CASE.toJson().getBytes(StandardCharsets.UTF_8);
            assertEquals(e.evaluate(CASE).fee().payable(), Decision.fromJson(e.callRaw("evaluate", unterminated)).fee().payable());
            assertThrows(IllegalArgumentException.class, () -> e.callJson("evaluate_everything", "{}"));
        }
        assertThrowsTyped(CaseException.class, Status.INVALID_INPUT, () -> Engine.fromDir(fixture("sample-ffi-a") + "\0/etc", false));
        assertThrowsTyped(CaseException.class, Status.NULL_ARGUMENT, () -> Engine.fromDir(null, false));
    }

    @Test
    void unknownProcedureIsNotFound() {
        try (Engine e = engine()) {
            NotFoundException n = assertThrowsTyped(NotFoundException.class, Status.NOT_FOUND, () -> e.procedure("sample.khong-co"));
            assertEquals("unknown-procedure", n.kind());
            assertThrowsTyped(NotFoundException.class, Status.NOT_FOUND, () -> e.calendar("sample-khong-co"));
        }
    }

    /**
     * Values the C parameters cannot hold are refused with the exception the
     * library gives for a bad value of that parameter, never cut to fit.
     */
    @Test
    void outOfRangeIntegersAndDates() {
        try (Engine e = engine(); Calendar cal = e.calendar()) {
            // 2^32 days after National Day 2025: cut to 32 bits it would be National Day itself.
            LocalDate aliased = LocalDate.ofEpochDay((1L << 32) + LocalDate.of(2025, 9, 2).toEpochDay());
            assertEquals(LocalDate.of(2025, 9, 2), LocalDate.ofEpochDay((int) aliased.toEpochDay()));
            CalendarRangeException far = assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> cal.isWorkingDay(aliased));
            assertEquals("out-of-range", far.kind());
            assertTrue(far.getMessage().contains(aliased.toString()), far.getMessage());
            assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> cal.isWorkingDay(LocalDate.MAX));
            assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> cal.addWorkingDays(LocalDate.MIN, 1));
            assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> cal.workingDaysBetween(LocalDate.of(2025, 1, 1), LocalDate.MAX));
            assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> Tthc.solarToLunar(LocalDate.MAX));
            assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> cal.isWorkingDay(Integer.MAX_VALUE));
            assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> cal.addWorkingDays(LocalDate.of(2025, 9, 3), Integer.MAX_VALUE));
            assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> cal.addWorkingDays(LocalDate.of(2025, 9, 3), Integer.MIN_VALUE));
            // 257 would be month 1 in the struct's byte.
            assertEquals(LocalDate.of(2025, 1, 29), Tthc.lunarToSolar(new LunarDate(2025, 1, 1, false)));
            InvalidDateException binding = assertThrowsTyped(InvalidDateException.class, Status.INVALID_INPUT, () -> Tthc.lunarToSolar(new LunarDate(2025, 257, 1, false)));
            assertThrowsTyped(InvalidDateException.class, Status.INVALID_INPUT, () -> Tthc.lunarToSolar(new LunarDate(2025, 1, -255, false)));
            InvalidDateException library = assertThrowsTyped(InvalidDateException.class, Status.INVALID_INPUT, () -> Tthc.lunarToSolar(new LunarDate(2025, 13, 1, false)));
            assertEquals(library.kind(), binding.kind());
            // Numbers inside a case are the library's to check.
            assertThrowsTyped(CaseException.class, Status.INVALID_INPUT, () -> e.evaluate(Case.builder("sample.ffi", "in-person", MONDAY).identityLevel(Integer.MAX_VALUE).build()));
            assertThrowsTyped(CaseException.class, Status.INVALID_INPUT, () -> e.evaluate(Case.builder("sample.ffi", "in-person", MONDAY).feeItem("le-phi", "x", Long.MAX_VALUE).build()));
        }
    }

    @Test
    void datesInAndOut() {
        try (Engine e = engine(); Calendar cal = e.calendar()) {
            assertFalse(cal.isWorkingDay(LocalDate.of(2025, 9, 2)));
            LocalDate due = cal.addWorkingDays(LocalDate.of(2025, 9, 3), 5);
            assertEquals(LocalDate.of(2025, 9, 10), due);
            assertEquals(Tthc.toDay(due), cal.addWorkingDays(Tthc.toDay(LocalDate.of(2025, 9, 3)), 5));
            assertEquals(5, cal.workingDaysBetween(LocalDate.of(2025, 9, 3), due));
            assertTrue(cal.firstDay().isBefore(cal.lastDay()));
            assertThrowsTyped(CalendarRangeException.class, Status.OUT_OF_RANGE, () -> cal.isWorkingDay(cal.firstDay().minusDays(1)));
            assertEquals(new LunarDate(2025, 1, 1, false), Tthc.solarToLunar(LocalDate.of(2025, 1, 29)));
            // An instant in another offset is the same instant; a local time is Vietnam time.
            Decision utc = e.evaluate(Case.builder("sample.ffi", "in-person", OffsetDateTime.of(2025, 3, 10, 2, 0, 0, 0, ZoneOffset.UTC)).build());
            Decision local = e.evaluate(Case.builder("sample.ffi", "in-person", LocalDateTime.of(2025, 3, 10, 9, 0)).build());
            assertEquals(MONDAY, utc.receipt().referenceInstant());
            assertEquals(MONDAY, local.receipt().referenceInstant());
            assertEquals(ZoneOffset.ofHours(7), utc.receipt().referenceInstant().getOffset());
            ProcedureInfo info = e.procedure("1.999981", LocalDate.of(2025, 7, 1), null);
            assertEquals(LocalDate.of(2025, 7, 1), info.asOf());
            assertEquals(3L, info.processing().get(0).amount().getAsLong());
        }
    }

    @Test
    void closedHandlesAreRefused() {
        Engine e = engine();
        Calendar cal = e.calendar();
        e.close();
        e.close();
        ClosedHandleException closed = assertThrowsTyped(ClosedHandleException.class, Status.NULL_ARGUMENT, () -> e.evaluate(CASE));
        assertEquals("closed", closed.kind());
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrowsTyped(ClosedHandleException.class, Status.NULL_ARGUMENT, e::calendar);
        assertThrowsTyped(ClosedHandleException.class, Status.NULL_ARGUMENT, e::reloadEmbedded);
        assertThrowsTyped(ClosedHandleException.class, Status.NULL_ARGUMENT, e::contentHash);
        // A calendar keeps its catalogue: it outlives the engine it came from.
        assertFalse(cal.isWorkingDay(LocalDate.of(2025, 9, 2)));
        cal.close();
        assertTrue(assertThrowsTyped(ClosedHandleException.class, Status.NULL_ARGUMENT, () -> cal.isWorkingDay(0)).getMessage().contains("calendar is closed"));
    }

    /** close() while four threads evaluate: it waits for the calls under way; every later call is refused. */
    @Test
    void closeWhileOtherThreadsCall() throws Exception {
        Engine e = engine();
        AtomicLong answered = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> ends = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            ends.add(pool.submit(() -> {
                while (true) {
                    try {
                        e.evaluate(CASE);
                        answered.incrementAndGet();
                    } catch (ClosedHandleException c) {
                        return c.kind();
                    }
                }
            }));
        }
        while (answered.get() < 200) {
            Thread.sleep(1);
        }
        e.close();
        for (Future<String> end : ends) {
            assertEquals("closed", end.get());
        }
        pool.shutdown();
    }

    @Test
    void catalogueErrorsHaveLocations() {
        CatalogException ex = assertThrowsTyped(CatalogException.class, Status.CATALOG_ERROR, () -> Engine.fromSources(
                Collections.singletonMap("procedures/bad.toml", "[[procedure]]\nid = \"sample.x\"\nname = \n"), true));
        Diagnostic d = ex.diagnostics().get(0);
        assertEquals("procedures/bad.toml", d.file());
        assertEquals(Integer.valueOf(3), d.line());
        assertTrue(d.toString().startsWith("procedures/bad.toml:3:"), d.toString());
        CatalogException io = assertThrowsTyped(CatalogException.class, Status.IO, () -> Engine.fromDir(fixture("sample-khong-co"), false));
        assertEquals("io", io.kind());
    }

    @Test
    void failedReloadKeepsTheOldCatalogue() throws Exception {
        try (Engine e = engine()) {
            String a = e.contentHash();
            assertThrowsTyped(CatalogException.class, Status.CATALOG_ERROR, () -> e.reloadFromDir(fixture("sample-broken-catalog"), false));
            assertEquals(a, e.contentHash());
            e.reloadFromDir(fixture("sample-ffi-b"), true);
            assertNotEquals(a, e.contentHash());
            Decision d = e.evaluate(CASE);
            assertEquals(20000L, d.fee().payable().getAsLong());
            assertEquals(e.contentHash(), d.receipt().catalogueHash());
            Map<String, String> files = new LinkedHashMap<>();
            for (String f : new String[] {"sectors.toml", "documents.toml", "procedures/sample-ffi.toml"}) {
                files.put(f, new String(Files.readAllBytes(ConformanceTest.ROOT.resolve("tests/fixtures/sample-ffi-a").resolve(f)), StandardCharsets.UTF_8));
            }
            e.reloadFromSources(files, true);
            assertEquals(a, e.contentHash());
            try (Engine fromSources = Engine.fromSources(files, true)) {
                assertEquals(a, fromSources.contentHash());
            }
        }
    }

    @Test
    void searchShowAndBatches() {
        try (Engine e = engine()) {
            assertEquals("sample.ffi", e.search("mau ffi").get(0).id());
            List<BatchResult<Decision>> batch = e.evaluateBatch(Arrays.asList(CASE,
                    Case.builder("sample.khong-co", "in-person", MONDAY).build(),
                    Case.builder("sample.ffi", "fax", MONDAY).build()));
            assertEquals(Arrays.asList(Status.OK, Status.NOT_FOUND, Status.INVALID_INPUT),
                    Arrays.asList(batch.get(0).status(), batch.get(1).status(), batch.get(2).status()));
            assertEquals(e.evaluate(CASE).fee().payable(), batch.get(0).get().fee().payable());
            assertEquals("unknown-procedure", batch.get(1).error().map(TthcException::kind).orElse(""));
            assertThrows(NotFoundException.class, () -> batch.get(1).get());
            assertTrue(batch.get(2).error().orElse(null) instanceof CaseException);

            assertEquals(e.deadline(CASE).dueAt(), e.deadlineBatch(Collections.singletonList(CASE)).get(0).get().dueAt());
            Dossier open = Dossier.of(CASE, Collections.singletonList(Event.received(MONDAY)), MONDAY.plusDays(1));
            List<BatchResult<Tracking>> tracks = e.trackBatch(Arrays.asList(open, Dossier.of(CASE, Collections.<Event>emptyList(), null)));
            assertEquals(e.track(open).state(), tracks.get(0).get().state());
            assertTrue(tracks.get(1).error().orElse(null) instanceof DossierException);
            assertEquals("no-events", tracks.get(1).error().map(TthcException::kind).orElse(""));
            List<BatchResult<ProcedureInfo>> shows = e.procedureBatch(Arrays.asList("1.999981", "sample.khong-co"), LocalDate.of(2025, 7, 1), null);
            assertEquals("sample.ffi", shows.get(0).get().id());
            assertFalse(shows.get(1).ok());
        }
    }

    /**
     * A batch result keeps its answer's text and makes the result on its
     * first {@code get()}: the single call's answer, made once even when
     * threads ask at the same time. The answer is read from the library's
     * memory in blocks: a batch longer than one block comes whole, and
     * strings with quotes and backslashes (echoed in an error here) too.
     */
    @Test
    void batchResultsAreReadOnFirstUse() throws Exception {
        try (Engine e = engine()) {
            List<Case> cases = new ArrayList<>();
            cases.add(Case.builder("sample.khong-co \"}{\\\"]", "in-person", MONDAY).build());
            cases.addAll(Collections.nCopies(50, CASE));
            List<BatchResult<Decision>> batch = e.evaluateBatch(cases);
            assertEquals(51, batch.size());
            assertTrue(batch.get(0).error().map(Throwable::getMessage).orElse("").contains("sample.khong-co \"}{\\\"]"));
            String single = e.evaluate(CASE).json();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (BatchResult<Decision> r : batch.subList(1, batch.size())) {
                    List<Future<Decision>> got = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        got.add(pool.submit(r::get));
                    }
                    for (Future<Decision> g : got) {
                        assertSame(r.get(), g.get(), "made once");
                    }
                    assertEquals(single, r.get().json());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * The {@code *Each} forms read their input lazily, a chunk per call, and
     * answer like the batch: same statuses, in order.
     */
    @Test
    void eachStreamsInChunks() {
        try (Engine e = engine()) {
            List<Case> cases = Arrays.asList(CASE, Case.builder("sample.khong-co", "in-person", MONDAY).build(),
                    Case.builder("sample.ffi", "fax", MONDAY).build(), CASE, CASE);
            int[] read = {0};
            Iterator<Case> lazy = new Iterator<Case>() {
                private final Iterator<Case> inner = cases.iterator();

                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public Case next() {
                    read[0]++;
                    return inner.next();
                }
            };
            Iterator<BatchResult<Decision>> each = e.evaluateEach(lazy, 2);
            List<Status> statuses = new ArrayList<>();
            statuses.add(each.next().status());
            assertEquals(2, read[0], "the first answer comes after one chunk is read, not the whole input");
            while (each.hasNext()) {
                statuses.add(each.next().status());
            }
            List<Status> batch = new ArrayList<>();
            for (BatchResult<Decision> r : e.evaluateBatch(cases)) {
                batch.add(r.status());
            }
            assertEquals(batch, statuses);
            assertThrows(NoSuchElementException.class, each::next);
            assertEquals(Status.OK, e.deadlineEach(Collections.singletonList(CASE).iterator()).next().status());
            assertThrows(IllegalArgumentException.class, () -> e.trackEach(Collections.<Dossier>emptyIterator(), 0));
        }
    }

    /**
     * Catalogue v2 on a made-up procedure (tests/fixtures/sample-v2-channels):
     * a fee and a time per channel, unknown is not zero, portal provenance.
     */
    @Test
    void perChannelFeesAndUnknowns() {
        try (Engine e = Engine.fromDir(fixture("sample-v2-channels"), true)) {
            Decision inPerson = e.evaluate(Case.builder("sample.v2", "in-person", MONDAY).build());
            assertEquals(20000L, inPerson.fee().payable().getAsLong());
            assertEquals("le-phi", inPerson.fee().items().get(0).item().orElse(""));
            assertFalse(inPerson.fee().unknown().isPresent());
            assertEquals(5L, inPerson.processing().effective().map(Period::amount).orElse(0L).longValue());
            Decision online = e.evaluate(Case.builder("sample.v2", "national-portal", MONDAY).build());
            assertEquals(10000L, online.fee().payable().getAsLong());
            assertFalse(online.fee().items().get(0).item().isPresent());
            Decision postal = e.evaluate(Case.builder("sample.v2", "postal", MONDAY).build());
            assertFalse(postal.fee().payable().isPresent());
            assertFalse(postal.fee().base().isPresent());
            assertTrue(postal.fee().unknown().orElse("").contains("Không có thông tin"));
            assertFalse(postal.processing().effective().isPresent());
            assertTrue(postal.processing().unknown().orElse("").contains("bare number"));
            assertFalse(postal.deadline().dueAt().isPresent());
            DeadlineException noTime = assertThrowsTyped(DeadlineException.class, Status.NOT_RECORDED,
                    () -> e.deadline(Case.builder("sample.v2", "postal", MONDAY).build()));
            assertEquals("no-processing-time", noTime.kind());
            ProcedureInfo info = e.procedure("1.999971", LocalDate.of(2025, 3, 10), null);
            assertEquals("https://dichvucong.example.invalid/thu-tuc/1.999971", info.url().orElse(""));
            assertEquals(Arrays.asList(Collections.singletonList("Cơ quan mẫu cấp xã"), Collections.singletonList("Ủy ban mẫu cấp xã"),
                    Collections.singletonList("Công dân mẫu")), Arrays.asList(info.agencies(), info.authority(), info.applicants()));
            assertTrue(info.verbatim().get("cach_thuc_thuc_hien").startsWith("Trực tiếp 5"));
            ProcessingRecord postalTime = info.processing().get(1);
            assertEquals(Collections.singletonList("postal"), postalTime.channels());
            assertEquals(1L, postalTime.amount().getAsLong());
            assertFalse(postalTime.unit().isPresent());
            assertEquals("1", postalTime.verbatim().orElse(""));
            FeeRecord postalFee = info.fees().get(2);
            assertFalse(postalFee.amount().isPresent());
            assertEquals("Không có thông tin", postalFee.unknown().orElse(""));
            assertEquals(LocalDate.of(2020, 1, 1), info.validity().from().orElse(null));
        }
    }

    /** Catalogue v2 (unknown is not zero): null or absent amounts and an `unknown` reason read as empty and a string. */
    @Test
    void unknownFeeAndProcessingTime() {
        String json;
        try (Engine e = engine()) {
            json = e.evaluate(CASE).json();
        }
        JsonObject answer = JsonParser.parseString(json).getAsJsonObject();
        JsonObject fee = answer.getAsJsonObject("fee");
        fee.add("base", JsonNull.INSTANCE);
        fee.add("payable", JsonNull.INSTANCE);
        fee.addProperty("unknown", "Không có thông tin");
        JsonObject processing = answer.getAsJsonObject("processing");
        processing.add("statutory", JsonNull.INSTANCE);
        processing.add("effective", JsonNull.INSTANCE);
        processing.addProperty("unknown", "no time for this channel");
        Decision d = Decision.fromJson(answer.toString());
        assertFalse(d.fee().payable().isPresent());
        assertFalse(d.fee().base().isPresent());
        assertEquals("Không có thông tin", d.fee().unknown().orElse(""));
        assertEquals("no time for this channel", d.processing().unknown().orElse(""));
        fee.remove("base");
        fee.remove("payable");
        fee.remove("unknown");
        processing.remove("unknown");
        d = Decision.fromJson(answer.toString());
        assertFalse(d.fee().payable().isPresent());
        assertFalse(d.fee().unknown().isPresent());
        assertFalse(d.processing().unknown().isPresent());
        // A field the binding needs and does not find is an InternalException naming it.
        answer.getAsJsonObject("receipt").remove("catalogue_hash");
        InternalException bad = assertThrows(InternalException.class, () -> Decision.fromJson(answer.toString()));
        assertTrue(bad.getMessage().contains("receipt.catalogue_hash"), bad.getMessage());
    }
}
