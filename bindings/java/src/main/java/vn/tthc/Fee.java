package vn.tthc;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the applicant pays, in whole đồng. Unknown is not zero: when no source
 * gives a fee for this case and channel, base() and payable() are empty and
 * unknown() says why (the known items are still listed); 0 means a source
 * says the procedure is free.
 */
public final class Fee {
    private final String source;
    private final List<FeeItem> items;
    private final OptionalLong base;
    private final List<FeeReduction> reductions;
    private final OptionalLong payable;
    private final Optional<String> unknown;

    Fee(Read r) {
        this.source = r.str("source");
        this.items = r.list("items", FeeItem::new);
        this.base = r.optLong("base");
        this.reductions = r.list("reductions", FeeReduction::new);
        this.payable = r.optLong("payable");
        this.unknown = r.optStr("unknown");
    }

    /** catalogue, or case (the case supplied its fee items). */
    public String source() {
        return source;
    }

    public List<FeeItem> items() {
        return items;
    }

    /** The total before reductions; empty when unknown. */
    public OptionalLong base() {
        return base;
    }

    public List<FeeReduction> reductions() {
        return reductions;
    }

    /** The total to pay; empty when unknown. */
    public OptionalLong payable() {
        return payable;
    }

    /** Why the fee is unknown, when it is. */
    public Optional<String> unknown() {
        return unknown;
    }
}
