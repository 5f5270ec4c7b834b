package vn.tthc;

import java.util.Optional;

/**
 * One fee item of a decision (lệ phí or phí), in whole đồng, before and after
 * the reductions that apply.
 */
public final class FeeItem extends Sourced {
    private final Optional<String> item;
    private final String name;
    private final long base;
    private final long payable;

    FeeItem(Read r) {
        super(r);
        this.item = r.optStr("item");
        this.name = r.str("name");
        this.base = r.lng("base");
        this.payable = r.lng("payable");
    }

    /** le-phi or phi; empty where the source does not say which. */
    public Optional<String> item() {
        return item;
    }

    public String name() {
        return name;
    }

    public long base() {
        return base;
    }

    public long payable() {
        return payable;
    }
}
