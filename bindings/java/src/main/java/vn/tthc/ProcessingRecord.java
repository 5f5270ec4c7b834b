package vn.tthc;

import java.util.Optional;

/**
 * A processing time as the catalogue records it: amount() in unit(). When no
 * source gives a usable time, unit() is empty and unknown() gives the reason;
 * amount() then keeps a bare number the source gave without a unit, for
 * information only.
 */
public final class ProcessingRecord extends ChannelRecord {
    private final Optional<String> unit;

    ProcessingRecord(Read r) {
        super(r);
        this.unit = r.optStr("unit");
    }

    /** working-days, calendar-days, working-hours or months; empty when the time is unknown. */
    public Optional<String> unit() {
        return unit;
    }
}
