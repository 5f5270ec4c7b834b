package vn.tthc;

import java.util.List;
import java.util.Optional;

/**
 * The processing time: the statutory one, the cuts of policies, and the
 * effective time counted. Empty when no source gives one for this case and
 * channel; unknown() then says why (unknown is not zero).
 */
public final class Processing {
    private final Optional<StatutoryTime> statutory;
    private final List<ProcessingCut> cuts;
    private final Optional<Period> effective;
    private final Optional<String> unknown;

    Processing(Read r) {
        this.statutory = r.optObj("statutory").map(StatutoryTime::new);
        this.cuts = r.list("cuts", ProcessingCut::new);
        this.effective = r.optObj("effective").map(Period::new);
        this.unknown = r.optStr("unknown");
    }

    public Optional<StatutoryTime> statutory() {
        return statutory;
    }

    public List<ProcessingCut> cuts() {
        return cuts;
    }

    public Optional<Period> effective() {
        return effective;
    }

    /** Why the time is unknown, when it is. */
    public Optional<String> unknown() {
        return unknown;
    }
}
