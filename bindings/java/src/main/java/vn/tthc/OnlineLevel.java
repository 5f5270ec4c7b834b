package vn.tthc;

/**
 * The online service level of a procedure on the case's date (Decree 42/2022:
 * full or partial; Decree 43/2011: 1 to 4).
 */
public final class OnlineLevel {
    private final String level;
    private final String labelVi;
    private final boolean acceptsOnlineSubmission;
    private final String status;

    OnlineLevel(Read r) {
        this.level = r.str("level");
        this.labelVi = r.str("label_vi");
        this.acceptsOnlineSubmission = r.bool("accepts_online_submission");
        this.status = r.str("status");
    }

    public String level() {
        return level;
    }

    public String labelVi() {
        return labelVi;
    }

    public boolean acceptsOnlineSubmission() {
        return acceptsOnlineSubmission;
    }

    public String status() {
        return status;
    }
}
