package vn.tthc;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * How a finished dossier compares with a deadline: early, on-time or late,
 * and the Circular 01/2018 score (2, 1, 0).
 */
public final class Timeliness {
    private final String outcome;
    private final int score;
    private final LocalDate dueDate;
    private final OffsetDateTime dueAt;
    private final long workingDaysLate;
    private final long workingHoursLate;
    private final long workingSecondsLate;
    private final long calendarDaysLate;

    Timeliness(Read r) {
        this.outcome = r.str("outcome");
        this.score = r.integer("score");
        this.dueDate = r.date("due_date");
        this.dueAt = r.instant("due_at");
        this.workingDaysLate = r.lng("working_days_late");
        this.workingHoursLate = r.lng("working_hours_late");
        this.workingSecondsLate = r.lng("working_seconds_late");
        this.calendarDaysLate = r.lng("calendar_days_late");
    }

    public String outcome() {
        return outcome;
    }

    public int score() {
        return score;
    }

    public LocalDate dueDate() {
        return dueDate;
    }

    public OffsetDateTime dueAt() {
        return dueAt;
    }

    public long workingDaysLate() {
        return workingDaysLate;
    }

    public long workingHoursLate() {
        return workingHoursLate;
    }

    public long workingSecondsLate() {
        return workingSecondsLate;
    }

    public long calendarDaysLate() {
        return calendarDaysLate;
    }
}
