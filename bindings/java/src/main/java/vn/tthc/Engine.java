package vn.tthc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.PointerByReference;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * An engine over one catalogue; keep one for the life of the application.
 * Safe to use from many threads, and to reload while in use: a call answers
 * from the catalogue current when it started. Close it once
 * (try-with-resources); {@link #close()} waits for the calls under way.
 *
 * <p>Requests are {@link Case}, {@link Dossier} or JSON text in the shapes of
 * bindings/README.md; answers are typed ({@link Decision}, {@link Deadline},
 * {@link Tracking}, {@link ProcedureInfo}, {@link SearchHit}), each top-level
 * one with the answer text in {@code json()}. Failures throw
 * {@link TthcException} subclasses.
 */
public final class Engine implements AutoCloseable {
    private final Handle handle;

    private Engine(PointerByReference out) {
        this.handle = new Handle(out.getValue(), "engine", p -> Native.tthc_engine_free(p));
    }

    /** The catalogue compiled into the library. */
    public static Engine embedded() {
        PointerByReference out = new PointerByReference();
        Native.check(Native.tthc_engine_new(out));
        return new Engine(out);
    }

    /** A catalogue directory, alone or layered over the embedded catalogue. */
    public static Engine fromDir(String dir, boolean overEmbedded) {
        PointerByReference out = new PointerByReference();
        Native.check(Native.tthc_engine_new_from_dir(Native.cString(dir, "dir"), Native.bool(overEmbedded), out));
        return new Engine(out);
    }

    /** A catalogue from TOML texts (e.g. kept in a database): relative path ("procedures/x.toml") to text. */
    public static Engine fromSources(Map<String, String> files, boolean overEmbedded) {
        Sources s = new Sources(files);
        PointerByReference out = new PointerByReference();
        Native.check(Native.tthc_engine_new_from_sources(s.paths, s.texts, s.count, Native.bool(overEmbedded), out));
        return new Engine(out);
    }

    /** C arrays of the files' paths and texts; JNA frees them with this object. */
    private static final class Sources {
        final Pointer paths;
        final Pointer texts;
        final long count;

        Sources(Map<String, String> files) {
            String[] p = new String[files.size()];
            String[] t = new String[files.size()];
            int i = 0;
            for (Map.Entry<String, String> f : files.entrySet()) {
                Native.cString(f.getKey(), "path");
                Native.cString(f.getValue(), f.getKey());
                p[i] = f.getKey();
                t[i] = f.getValue();
                i++;
            }
            this.count = i;
            this.paths = i == 0 ? null : new StringArray(p, "UTF-8");
            this.texts = i == 0 ? null : new StringArray(t, "UTF-8");
        }
    }

    /** Replaces the catalogue with the embedded one. */
    public void reloadEmbedded() {
        handle.with(p -> {
            Native.check(Native.tthc_engine_reload_embedded(p));
            return null;
        });
    }

    /** Replaces the catalogue; on failure the previous one stays and the exception says why. */
    public void reloadFromDir(String dir, boolean overEmbedded) {
        byte[] d = Native.cString(dir, "dir");
        handle.with(p -> {
            Native.check(Native.tthc_engine_reload_from_dir(p, d, Native.bool(overEmbedded)));
            return null;
        });
    }

    /** Replaces the catalogue with TOML texts; on failure the previous one stays. */
    public void reloadFromSources(Map<String, String> files, boolean overEmbedded) {
        Sources s = new Sources(files);
        handle.with(p -> {
            Native.check(Native.tthc_engine_reload_from_sources(p, s.paths, s.texts, s.count, Native.bool(overEmbedded)));
            return null;
        });
    }

    /** SHA-256 of the catalogue, as in every decision's receipt. */
    public String contentHash() {
        return handle.with(p -> {
            PointerByReference out = new PointerByReference();
            Native.check(Native.tthc_engine_content_hash(p, out));
            return Native.take(out);
        });
    }

    /** The JSON exports, by the name after {@code tthc_}. */
    private interface Export {
        int call(Pointer engine, byte[] request, PointerByReference out);
    }

    private static Export export(String function) {
        switch (function) {
            case "evaluate": return Native::tthc_evaluate;
            case "evaluate_batch": return Native::tthc_evaluate_batch;
            case "deadline": return Native::tthc_deadline;
            case "deadline_batch": return Native::tthc_deadline_batch;
            case "track": return Native::tthc_track;
            case "track_batch": return Native::tthc_track_batch;
            case "procedure_show": return Native::tthc_procedure_show;
            case "procedure_show_batch": return Native::tthc_procedure_show_batch;
            case "procedure_search": return Native::tthc_procedure_search;
            default: throw new IllegalArgumentException("no JSON call `" + function + "`");
        }
    }

    /**
     * Calls a JSON export by name (evaluate, deadline, track, their _batch
     * forms, procedure_show, procedure_show_batch, procedure_search) on
     * request bytes (UTF-8; C reads them up to the first NUL, which is
     * added when the array does not end with one; null is passed as NULL)
     * and returns the answer text. For callers that hold JSON already, and
     * for tests.
     */
    public String callRaw(String function, byte[] request) {
        Export e = export(function);
        byte[] c = request == null || (request.length > 0 && request[request.length - 1] == 0)
                ? request : java.util.Arrays.copyOf(request, request.length + 1);
        return handle.with(p -> {
            PointerByReference out = new PointerByReference();
            Native.check(e.call(p, c, out));
            return Native.take(out);
        });
    }

    /** {@link #callRaw} with request text. */
    public String callJson(String function, String requestJson) {
        return callRaw(function, Native.cString(requestJson, "request"));
    }

    /** The decision for a case. */
    public Decision evaluate(Case c) {
        return evaluate(c.toJson());
    }

    /** The decision for a case given as JSON text (schema/case.schema.json). */
    public Decision evaluate(String caseJson) {
        return Decision.fromJson(callJson("evaluate", caseJson));
    }

    /** When the case's result is due, and why. */
    public Deadline deadline(Case c) {
        return deadline(c.toJson());
    }

    public Deadline deadline(String caseJson) {
        return Deadline.fromJson(callJson("deadline", caseJson));
    }

    /** Where a dossier stands. */
    public Tracking track(Dossier d) {
        return track(d.toJson());
    }

    /** Where a dossier given as JSON text stands: {"case": {...}, "events": [...], "as_of": ...}. */
    public Tracking track(String dossierJson) {
        return Tracking.fromJson(callJson("track", dossierJson));
    }

    /** A procedure by id or national code as it applies today in Vietnam (national rules). */
    public ProcedureInfo procedure(String idOrCode) {
        return procedure(idOrCode, null, null);
    }

    /** A procedure by id or national code as it applies on {@code on} (null: today) in {@code province} (null: national). */
    public ProcedureInfo procedure(String idOrCode, LocalDate on, String province) {
        return ProcedureInfo.fromJson(callJson("procedure_show", showRequest(idOrCode, on, province).toString()));
    }

    private static JsonObject showRequest(String idOrCode, LocalDate on, String province) {
        JsonObject r = new JsonObject();
        r.addProperty("procedure", idOrCode);
        if (on != null) {
            r.addProperty("on", on.toString());
        }
        if (province != null) {
            r.addProperty("province", province);
        }
        return r;
    }

    /** Procedures whose name, id or code match the text (diacritics optional), best first. */
    public List<SearchHit> search(String text) {
        JsonObject r = new JsonObject();
        r.addProperty("text", text);
        return Read.json(callJson("procedure_search", r.toString())).list("hits", SearchHit::new);
    }

    /**
     * Decisions for many cases, all from one catalogue (a reload cannot
     * split a batch). Each result is kept as its answer text until its
     * first {@link BatchResult#get()}.
     */
    public List<BatchResult<Decision>> evaluateBatch(List<Case> cases) {
        return batch("evaluate_batch", cases, Case::tree, Decision::fromJson);
    }

    public List<BatchResult<Deadline>> deadlineBatch(List<Case> cases) {
        return batch("deadline_batch", cases, Case::tree, Deadline::fromJson);
    }

    public List<BatchResult<Tracking>> trackBatch(List<Dossier> dossiers) {
        return batch("track_batch", dossiers, Dossier::tree, Tracking::fromJson);
    }

    /** Several procedures on one date (null: today) in one province (null: national). */
    public List<BatchResult<ProcedureInfo>> procedureBatch(List<String> idsOrCodes, LocalDate on, String province) {
        return batch("procedure_show_batch", idsOrCodes, id -> showRequest(id, on, province), ProcedureInfo::fromJson);
    }

    /** Requests per batch call of the {@code *Each} methods. */
    public static final int CHUNK = 1000;

    /**
     * Decisions for a stream of cases of any length, in bounded memory: the
     * cases are read {@code chunk} at a time (default {@link #CHUNK}), each
     * chunk is one batch call (from one catalogue; a reload may fall between
     * two chunks), and its answers are handed out before the next chunk is
     * read. {@link #evaluateBatch} holds every answer at once (each as its
     * text until it is read).
     */
    public Iterator<BatchResult<Decision>> evaluateEach(Iterator<Case> cases, int chunk) {
        return each("evaluate_batch", cases, Case::tree, Decision::fromJson, chunk);
    }

    public Iterator<BatchResult<Decision>> evaluateEach(Iterator<Case> cases) {
        return evaluateEach(cases, CHUNK);
    }

    /** {@link #deadlineBatch} for a stream of cases, in bounded memory (see {@link #evaluateEach}). */
    public Iterator<BatchResult<Deadline>> deadlineEach(Iterator<Case> cases, int chunk) {
        return each("deadline_batch", cases, Case::tree, Deadline::fromJson, chunk);
    }

    public Iterator<BatchResult<Deadline>> deadlineEach(Iterator<Case> cases) {
        return deadlineEach(cases, CHUNK);
    }

    /** {@link #trackBatch} for a stream of dossiers, in bounded memory (see {@link #evaluateEach}). */
    public Iterator<BatchResult<Tracking>> trackEach(Iterator<Dossier> dossiers, int chunk) {
        return each("track_batch", dossiers, Dossier::tree, Tracking::fromJson, chunk);
    }

    public Iterator<BatchResult<Tracking>> trackEach(Iterator<Dossier> dossiers) {
        return trackEach(dossiers, CHUNK);
    }

    private <R, T> Iterator<BatchResult<T>> each(String function, Iterator<R> requests,
            Function<R, ? extends JsonElement> tree, Function<String, T> read, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, not " + chunk);
        }
        return new Iterator<BatchResult<T>>() {
            private Iterator<BatchResult<T>> answers = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!answers.hasNext() && requests.hasNext()) {
                    List<R> some = new ArrayList<>(Math.min(chunk, CHUNK));
                    while (some.size() < chunk && requests.hasNext()) {
                        some.add(requests.next());
                    }
                    answers = batch(function, some, tree, read).iterator();
                }
                return answers.hasNext();
            }

            @Override
            public BatchResult<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return answers.next();
            }
        };
    }

    /**
     * One batch call: the requests' answers, in order. The answer is read
     * from the library's memory as a stream, an element at a time, rather
     * than copied into a string and decoded whole (which takes about ten
     * times its size): each result keeps its own text and is read when
     * first used ({@link BatchResult#get()}).
     */
    private <R, T> List<BatchResult<T>> batch(String function, List<R> requests,
            Function<R, ? extends JsonElement> tree, Function<String, T> read) {
        Export e = export(function);
        byte[] request = requestsJson(requests, tree);
        return handle.with(p -> {
            PointerByReference out = new PointerByReference();
            Native.check(e.call(p, request, out));
            Pointer answer = out.getValue();
            try {
                return answers(answer, requests.size(), read);
            } finally {
                Native.tthc_string_free(answer);
            }
        });
    }

    /**
     * The requests as one JSON array, a C string: each request's UTF-8,
     * then one array of the exact size (rather than a growing buffer and
     * its copies, several times the size of the input).
     */
    private static <R> byte[] requestsJson(List<R> requests, Function<R, ? extends JsonElement> tree) {
        List<byte[]> each = new ArrayList<>(requests.size());
        long length = 2 + Math.max(0, requests.size() - 1) + 1; // [ ] commas NUL
        for (R r : requests) {
            // Gson writes a NUL inside a string as \u0000: no NUL ends the C string early.
            byte[] json = tree.apply(r).toString().getBytes(StandardCharsets.UTF_8);
            each.add(json);
            length += json.length;
        }
        byte[] c = new byte[Math.toIntExact(length)];
        int at = 0;
        c[at++] = '[';
        for (byte[] json : each) {
            if (at > 1) {
                c[at++] = ',';
            }
            System.arraycopy(json, 0, c, at, json.length);
            at += json.length;
        }
        c[at] = ']';
        return c;
    }

    /** The elements of a batch answer (a C string), one per request. */
    private static <T> List<BatchResult<T>> answers(Pointer answer, int count, Function<String, T> read) {
        List<BatchResult<T>> out = new ArrayList<>(count);
        try (JsonReader in = new JsonReader(new InputStreamReader(Native.stream(answer), StandardCharsets.UTF_8))) {
            in.beginArray();
            while (in.hasNext()) {
                JsonObject o = JsonParser.parseReader(in).getAsJsonObject();
                Status status = Status.fromName(o.has("status") ? o.get("status").getAsString() : "");
                if (status == Status.OK) {
                    out.add(BatchResult.answered(o.get("result").toString().getBytes(StandardCharsets.UTF_8), read));
                } else {
                    Status s = status == null ? Status.PANIC : status;
                    String details = o.has("error") ? o.get("error").toString() : "{}";
                    out.add(BatchResult.failed(s, Errors.of(s, details)));
                }
            }
            in.endArray();
        } catch (IOException | JsonParseException | IllegalStateException x) {
            throw Read.unreadable("the batch answer is not JSON: " + x.getMessage());
        }
        if (out.size() != count) {
            throw Read.unreadable("not one answer per request");
        }
        return Collections.unmodifiableList(out);
    }

    /** The national working calendar, as of the current catalogue. */
    public Calendar calendar() {
        return calendar(null);
    }

    /** The working calendar of a province (null: national), as of the current catalogue. */
    public Calendar calendar(String province) {
        byte[] name = Native.cString(province, "province");
        return handle.with(p -> {
            PointerByReference out = new PointerByReference();
            Native.check(Native.tthc_calendar_new(p, name, out));
            return new Calendar(out);
        });
    }

    /** Frees the engine after the calls under way; later calls throw {@link ClosedHandleException}. Idempotent. */
    @Override
    public void close() {
        handle.close();
    }
}
