package vn.tthc;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * When a dossier's result is due, and why: the instant the clock starts
 * (after the cut-off and after-hours rules), the period counted, the last
 * day and the due instant, with every rule applied.
 */
public class Clock {
    private final OffsetDateTime dueAt;
    private final LocalDate dueDate;
    private final OffsetDateTime recordedAt;
    private final OffsetDateTime receivedAt;
    private final Optional<Period> period;
    private final boolean sameDay;
    private final Optional<LocalDate> rolledFrom;
    private final List<Step> explanation;
    private final List<String> unconfirmed;

    Clock(Read r) {
        this.dueAt = r.instant("due_at");
        this.dueDate = r.date("due_date");
        this.recordedAt = r.instant("recorded_at");
        this.receivedAt = r.instant("received_at");
        this.period = r.optObj("period").map(Period::new);
        this.sameDay = r.bool("same_day");
        this.rolledFrom = r.optDate("rolled_from");
        this.explanation = r.list("explanation", Step::new);
        this.unconfirmed = r.strings("unconfirmed");
    }

    /** The close of office hours on dueDate() for periods in days; the instant the hours run out for working hours. */
    public OffsetDateTime dueAt() {
        return dueAt;
    }

    /** The last day of the period (a working day). */
    public LocalDate dueDate() {
        return dueDate;
    }

    /** As recorded by the one-stop system. */
    public OffsetDateTime recordedAt() {
        return recordedAt;
    }

    /** When the clock starts. */
    public OffsetDateTime receivedAt() {
        return receivedAt;
    }

    /** The period counted; empty when a same-day rule gives the deadline. */
    public Optional<Period> period() {
        return period;
    }

    public boolean sameDay() {
        return sameDay;
    }

    /** The day the period fell on before it moved to a working day. */
    public Optional<LocalDate> rolledFrom() {
        return rolledFrom;
    }

    /** Every rule applied, with its legal basis. */
    public List<Step> explanation() {
        return explanation;
    }

    /** Facts used that no source confirms. */
    public List<String> unconfirmed() {
        return unconfirmed;
    }
}
