package vn.tthc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which exception class a failed call throws. The library's table of kinds
 * and statuses (tthc_error_kinds_json(), from crates/tthc-ffi/src/status.rs)
 * gives every kind its status; the family follows the status, except for
 * the kinds below that have a family of their own, as in the Python
 * package's CLASS_OF_KIND (bindings/python/tthc/_errors.py). The tests check
 * both maps against the library's table: every kind it lists gets a family,
 * and every kind named here is one of its kinds.
 */
final class Errors {
    private Errors() {}

    /** A constructor of a TthcException subclass. */
    interface Family {
        TthcException make(String message, Status status, String kind, String help, String detailsJson);
    }

    /** Kinds whose family is not their status's. */
    private static final Map<String, Family> BY_KIND = new HashMap<>();
    private static final Map<Status, Family> BY_STATUS = new EnumMap<>(Status.class);

    static {
        BY_KIND.put("procedure-not-in-force", NotInForceException::new);
        BY_KIND.put("province-not-in-force", NotInForceException::new);
        BY_KIND.put("no-calendar", CalendarException::new);
        BY_KIND.put("no-office-hours", CalendarException::new);
        BY_KIND.put("invalid-event", DossierException::new);
        BY_KIND.put("no-events", DossierException::new);
        BY_KIND.put("as-of-before-events", DossierException::new);
        BY_KIND.put("invalid-dossier", DossierException::new);
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
        BY_STATUS.put(Status.NOT_RECORDED, DeadlineException::new);
    }

    /** The family of a kind reported with a status; the base class for a status this binding does not map. */
    static Family familyOf(String kind, Status status) {
        Family f = BY_KIND.get(kind);
        return f != null ? f : BY_STATUS.getOrDefault(status, TthcException::new);
    }

    /** The kinds that have a family of their own. */
    static Set<String> ownFamilies() {
        return Collections.unmodifiableSet(BY_KIND.keySet());
    }

    /** The exception for a failure the library describes in {@code detailsJson}. */
    static TthcException of(Status status, String detailsJson) {
        JsonObject details = object(detailsJson);
        String kind = text(details, "kind", status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        return familyOf(kind, status).make(text(details, "message", status.name()), status, kind, text(details, "help", ""), detailsJson);
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
