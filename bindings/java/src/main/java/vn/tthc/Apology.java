package vn.tthc;

import java.time.LocalDate;

/**
 * The apology with a new date a late dossier needs: the last day to send it,
 * and whether it is due now, missed or sent.
 */
public final class Apology {
    private final LocalDate lastDay;
    private final boolean dueNow;
    private final boolean missed;
    private final boolean sent;

    Apology(Read r) {
        this.lastDay = r.date("last_day");
        this.dueNow = r.bool("due_now");
        this.missed = r.bool("missed");
        this.sent = r.bool("sent");
    }

    public LocalDate lastDay() {
        return lastDay;
    }

    public boolean dueNow() {
        return dueNow;
    }

    public boolean missed() {
        return missed;
    }

    public boolean sent() {
        return sent;
    }
}
