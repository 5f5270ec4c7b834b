package vn.tthc;

import com.google.gson.JsonObject;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One thing that happened to a dossier, for {@link Engine#track(Dossier)}. */
public final class Event {
    private final JsonObject json = new JsonObject();

    private Event(String kind, OffsetDateTime at) {
        json.addProperty("kind", kind);
        json.addProperty("at", Case.instant(at));
    }

    /** The one-stop system received (recorded) the dossier. First, once. */
    public static Event received(OffsetDateTime at) {
        return new Event("received", at);
    }

    /** The agency asked for a supplement: the clock stops. */
    public static Event supplementRequested(OffsetDateTime at) {
        return new Event("supplement_requested", at);
    }

    /** The complete dossier arrived: the period restarts from zero. */
    public static Event supplementReceived(OffsetDateTime at) {
        return new Event("supplement_received", at);
    }

    /** The clock stops for a reason a pause rule of the catalogue allows. */
    public static Event paused(OffsetDateTime at, String reason) {
        Event e = new Event("paused", at);
        e.json.addProperty("reason", reason);
        return e;
    }

    public static Event resumed(OffsetDateTime at) {
        return new Event("resumed", at);
    }

    /** The agency apologised and set a new return date. */
    public static Event rescheduled(OffsetDateTime at, LocalDate newDue) {
        Event e = new Event("rescheduled", at);
        e.json.addProperty("new_due", newDue.toString());
        return e;
    }

    /** Sent to another agency (null: not said); the deadline does not change. */
    public static Event forwarded(OffsetDateTime at, String to) {
        Event e = new Event("forwarded", at);
        if (to != null) {
            e.json.addProperty("to", to);
        }
        return e;
    }

    public static Event resultReturned(OffsetDateTime at) {
        return new Event("result_returned", at);
    }

    /** A refusal notice. */
    public static Event refused(OffsetDateTime at) {
        return new Event("refused", at);
    }

    /** The applicant withdrew the dossier. */
    public static Event withdrawn(OffsetDateTime at) {
        return new Event("withdrawn", at);
    }

    JsonObject tree() {
        return json.deepCopy();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
