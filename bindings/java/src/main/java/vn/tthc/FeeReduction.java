package vn.tthc;

/** A policy that changed one fee item, in the order applied. */
public final class FeeReduction extends Sourced {
    private final String policy;
    private final String kind;
    private final int item;
    private final long amount;
    private final long payableAfter;

    FeeReduction(Read r) {
        super(r);
        this.policy = r.str("policy");
        this.kind = r.str("kind");
        this.item = r.integer("item");
        this.amount = r.lng("amount");
        this.payableAfter = r.lng("payable_after");
    }

    public String policy() {
        return policy;
    }

    /** fee-reduction, fee-exemption or fee-set. */
    public String kind() {
        return kind;
    }

    /** Index into Fee.items(). */
    public int item() {
        return item;
    }

    /**
     * Đồng taken off; negative when a set rate is above the amount it
     * replaced.
     */
    public long amount() {
        return amount;
    }

    public long payableAfter() {
        return payableAfter;
    }
}
