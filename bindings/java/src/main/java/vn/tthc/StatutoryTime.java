package vn.tthc;

/** The processing time the catalogue gives for the case type, with its source. */
public final class StatutoryTime extends Sourced {
    private final long amount;
    private final String unit;
    private final String caseType;

    StatutoryTime(Read r) {
        super(r);
        this.amount = r.lng("amount");
        this.unit = r.str("unit");
        this.caseType = r.str("case");
    }

    public long amount() {
        return amount;
    }

    public String unit() {
        return unit;
    }

    public String caseType() {
        return caseType;
    }
}
