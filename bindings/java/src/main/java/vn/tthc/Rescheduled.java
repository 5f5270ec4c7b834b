package vn.tthc;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The one reschedule with apology a dossier may have: when it was notified
 * and the new due date.
 */
public final class Rescheduled {
    private final int event;
    private final OffsetDateTime notifiedAt;
    private final LocalDate dueDate;
    private final OffsetDateTime dueAt;

    Rescheduled(Read r) {
        this.event = r.integer("event");
        this.notifiedAt = r.instant("notified_at");
        this.dueDate = r.date("due_date");
        this.dueAt = r.instant("due_at");
    }

    /** Index of the rescheduled event. */
    public int event() {
        return event;
    }

    public OffsetDateTime notifiedAt() {
        return notifiedAt;
    }

    public LocalDate dueDate() {
        return dueDate;
    }

    public OffsetDateTime dueAt() {
        return dueAt;
    }
}
