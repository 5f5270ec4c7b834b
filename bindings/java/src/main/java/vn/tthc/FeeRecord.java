package vn.tthc;

import java.util.Optional;

/**
 * A fee item as the catalogue records it: amount() in whole đồng, empty (with
 * unknown() giving the reason) when no source gives the fee; 0 means a source
 * says it is free.
 */
public final class FeeRecord extends ChannelRecord {
    private final Optional<String> item;
    private final Optional<String> name;
    private final Optional<String> note;

    FeeRecord(Read r) {
        super(r);
        this.item = r.optStr("item");
        this.name = r.optStr("name");
        this.note = r.optStr("note");
    }

    /** le-phi or phi; empty where the source does not say which. */
    public Optional<String> item() {
        return item;
    }

    public Optional<String> name() {
        return name;
    }

    public Optional<String> note() {
        return note;
    }
}
