package vn.tthc;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Where a dossier stands (Engine.track): its state, the clock now running,
 * the statutory and the promised due instants, the time remaining, and for a
 * finished dossier how it compares with its deadline.
 */
public final class Tracking {
    private final String state;
    private final OffsetDateTime asOf;
    private final Optional<Clock> clock;
    private final Optional<OffsetDateTime> statutoryDueAt;
    private final Optional<LocalDate> statutoryDueDate;
    private final Optional<OffsetDateTime> dueAt;
    private final Optional<LocalDate> dueDate;
    private final boolean provisional;
    private final Optional<Rescheduled> rescheduled;
    private final Optional<Remaining> remaining;
    private final boolean overdue;
    private final Optional<Timeliness> timeliness;
    private final Optional<Timeliness> againstRescheduled;
    private final Optional<Apology> apology;
    private final int restarts;
    private final List<LogEntry> log;
    private final List<String> warnings;
    private final String json;

    private Tracking(Read r, String json) {
        this.state = r.str("state");
        this.asOf = r.instant("as_of");
        this.clock = r.optObj("clock").map(Clock::new);
        this.statutoryDueAt = r.optInstant("statutory_due_at");
        this.statutoryDueDate = r.optDate("statutory_due_date");
        this.dueAt = r.optInstant("due_at");
        this.dueDate = r.optDate("due_date");
        this.provisional = r.bool("provisional");
        this.rescheduled = r.optObj("rescheduled").map(Rescheduled::new);
        this.remaining = r.optObj("remaining").map(Remaining::new);
        this.overdue = r.bool("overdue");
        this.timeliness = r.optObj("timeliness").map(Timeliness::new);
        this.againstRescheduled = r.optObj("against_rescheduled").map(Timeliness::new);
        this.apology = r.optObj("apology").map(Apology::new);
        this.restarts = r.integer("restarts");
        this.log = r.list("log", LogEntry::new);
        this.warnings = r.strings("warnings");
        this.json = json;
    }

    /** Reads the library's answer text (e.g. kept from {@link #json()}). */
    public static Tracking fromJson(String json) {
        return new Tracking(Read.json(json), json);
    }

    /**
     * processing, awaiting-supplement, paused, returned, refused or
     * withdrawn.
     */
    public String state() {
        return state;
    }

    public OffsetDateTime asOf() {
        return asOf;
    }

    /** The clock now running; empty while waiting for a supplement. */
    public Optional<Clock> clock() {
        return clock;
    }

    public Optional<OffsetDateTime> statutoryDueAt() {
        return statutoryDueAt;
    }

    public Optional<LocalDate> statutoryDueDate() {
        return statutoryDueDate;
    }

    public Optional<OffsetDateTime> dueAt() {
        return dueAt;
    }

    public Optional<LocalDate> dueDate() {
        return dueDate;
    }

    /** True while paused: the due instant assumes the clock resumes at asOf(). */
    public boolean provisional() {
        return provisional;
    }

    public Optional<Rescheduled> rescheduled() {
        return rescheduled;
    }

    public Optional<Remaining> remaining() {
        return remaining;
    }

    public boolean overdue() {
        return overdue;
    }

    /** Against the statutory deadline, for a returned or refused dossier. */
    public Optional<Timeliness> timeliness() {
        return timeliness;
    }

    public Optional<Timeliness> againstRescheduled() {
        return againstRescheduled;
    }

    public Optional<Apology> apology() {
        return apology;
    }

    /** Times the period restarted after a supplement. */
    public int restarts() {
        return restarts;
    }

    public List<LogEntry> log() {
        return log;
    }

    /** Irregularities that do not make the sequence impossible. */
    public List<String> warnings() {
        return warnings;
    }

    /** The library's answer text, as received. */
    public String json() {
        return json;
    }
}
