package vn.tthc;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A catalogue that failed to load ({@code catalog-error}), or a directory
 * that cannot be read ({@code io}); {@link #diagnostics()} lists every
 * problem found, each with its file, line and column. The engine keeps its
 * previous catalogue.
 */
public class CatalogException extends TthcException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public CatalogException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
        List<Diagnostic> list = new ArrayList<>();
        try {
            JsonElement details = JsonParser.parseString(detailsJson);
            if (details.isJsonObject() && details.getAsJsonObject().has("diagnostics")) {
                for (JsonElement d : details.getAsJsonObject().getAsJsonArray("diagnostics")) {
                    list.add(Diagnostic.of(d.getAsJsonObject()));
                }
            }
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            // The details are the library's own JSON; if they cannot be read,
            // the message still says what failed.
        }
        this.diagnostics = Collections.unmodifiableList(list);
    }

    /** Every problem found, in file order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
