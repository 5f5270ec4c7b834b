package vn.tthc;

/** Working time left until the current due instant (negative when overdue). */
public final class Remaining {
    private final long workingDays;
    private final long workingSeconds;
    private final long workingHours;

    Remaining(Read r) {
        this.workingDays = r.lng("working_days");
        this.workingSeconds = r.lng("working_seconds");
        this.workingHours = r.lng("working_hours");
    }

    public long workingDays() {
        return workingDays;
    }

    public long workingSeconds() {
        return workingSeconds;
    }

    public long workingHours() {
        return workingHours;
    }
}
