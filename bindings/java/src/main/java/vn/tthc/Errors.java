package vn.tthc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.HashMap;
import java.util.Map;

/**
 * Which exception class a failed call throws: by the error's {@code kind}
 * when the kind has a family of its own, else by its status. The kinds are
 * tthc::ErrorKind's (crates/tthc/src/error.rs), which the C ABI reports in
 * its error JSON; the families are the Python package's
 * (bindings/python/tthc/_errors.py).
 */
final class Errors {
    private Errors() {}

    /** A constructor of a TthcException subclass. */
    interface Family {
        TthcException make(String message, Status status, String kind, String help, String detailsJson);
    }

    private static final Map<String, Family> BY_KIND = new HashMap<>();
    private static final Map<Status, Family> BY_STATUS = new HashMap<>();

    static {
        BY_KIND.put("unknown-procedure", NotFoundException::new);
        BY_KIND.put("unknown-province", NotFoundException::new);
        BY_KIND.put("procedure-not-in-force", NotInForceException::new);
        BY_KIND.put("province-not-in-force", NotInForceException::new);
        BY_KIND.put("invalid-case", CaseException::new);
        BY_KIND.put("unknown-category", CaseException::new);
        BY_KIND.put("level-not-competent", CaseException::new);
        BY_KIND.put("no-processing-time", DeadlineException::new);
        BY_KIND.put("no-counting-rule", DeadlineException::new);
        BY_KIND.put("invalid-event", DossierException::new);
        BY_KIND.put("no-events", DossierException::new);
        BY_KIND.put("as-of-before-events", DossierException::new);
        BY_KIND.put("invalid-dossier", DossierException::new);
        BY_KIND.put("out-of-range", CalendarRangeException::new);
        BY_KIND.put("result-out-of-range", CalendarRangeException::new);
        BY_KIND.put("lunar-out-of-range", CalendarRangeException::new);
        BY_KIND.put("no-calendar", CalendarException::new);
        BY_KIND.put("no-office-hours", CalendarException::new);
        BY_KIND.put("invalid-date", InvalidDateException::new);
        BY_KIND.put("invalid-lunar-date", InvalidDateException::new);

        BY_STATUS.put(Status.NULL_ARGUMENT, CaseException::new);
        BY_STATUS.put(Status.INVALID_UTF8, CaseException::new);
        BY_STATUS.put(Status.INVALID_JSON, CaseException::new);
        BY_STATUS.put(Status.INPUT_TOO_LARGE, CaseException::new);
        BY_STATUS.put(Status.INVALID_INPUT, CaseException::new);
        BY_STATUS.put(Status.CATALOG_ERROR, CatalogException::new);
        BY_STATUS.put(Status.IO, CatalogException::new);
        BY_STATUS.put(Status.NOT_FOUND, NotFoundException::new);
        BY_STATUS.put(Status.OUT_OF_RANGE, CalendarRangeException::new);
        BY_STATUS.put(Status.PANIC, InternalException::new);
        BY_STATUS.put(Status.POISONED, InternalException::new);
    }

    /**
     * The exception for a failure the library describes in {@code detailsJson}.
     *
     * @param invalidInput the family of a plain INVALID_INPUT where the call
     *     says more than the library (a date function's is an
     *     InvalidDateException), or null
     */
    static TthcException of(Status status, String detailsJson, Family invalidInput) {
        JsonObject details = object(detailsJson);
        String kind = text(details, "kind", status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        Family family = BY_KIND.get(kind);
        if (family == null && status == Status.INVALID_INPUT && invalidInput != null) {
            family = invalidInput;
        }
        if (family == null) {
            family = BY_STATUS.getOrDefault(status, TthcException::new);
        }
        return family.make(text(details, "message", status.name()), status, kind, text(details, "help", ""), detailsJson);
    }

    private static JsonObject object(String json) {
        try {
            JsonElement e = JsonParser.parseString(json);
            return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (JsonParseException e) {
            return new JsonObject();
        }
    }

    private static String text(JsonObject o, String key, String otherwise) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonPrimitive() ? otherwise : e.getAsString();
    }
}
