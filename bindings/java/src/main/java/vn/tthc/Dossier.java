package vn.tthc;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/** A case with the events that happened to it, and the instant to report at (null: now). */
public final class Dossier {
    private final JsonObject json = new JsonObject();

    private Dossier(Case c, List<Event> events, OffsetDateTime asOf) {
        json.add("case", c.tree());
        JsonArray a = new JsonArray();
        for (Event e : events) {
            a.add(e.tree());
        }
        json.add("events", a);
        if (asOf != null) {
            json.addProperty("as_of", Case.instant(asOf));
        }
    }

    public static Dossier of(Case c, List<Event> events, OffsetDateTime asOf) {
        return new Dossier(c, events, asOf);
    }

    /** The dossier as the JSON the library reads. */
    public String toJson() {
        return json.toString();
    }

    JsonObject tree() {
        return json.deepCopy();
    }
}
