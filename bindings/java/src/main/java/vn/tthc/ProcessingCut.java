package vn.tthc;

/** A policy that shortened the processing time. */
public final class ProcessingCut extends Sourced {
    private final String policy;
    private final long amount;
    private final String unit;

    ProcessingCut(Read r) {
        super(r);
        this.policy = r.str("policy");
        this.amount = r.lng("amount");
        this.unit = r.str("unit");
    }

    public String policy() {
        return policy;
    }

    public long amount() {
        return amount;
    }

    public String unit() {
        return unit;
    }
}
