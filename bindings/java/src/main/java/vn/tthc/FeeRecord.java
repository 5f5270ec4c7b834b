package vn.tthc;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A fee item as the catalogue records it, in whole đồng, for one case type
 * (and, when channels() is not empty, only those channels); amount is empty
 * and unknown() gives the reason when no source gives the fee; 0 means free.
 */
public final class FeeRecord extends CatalogRecord {
    private final String caseType;
    private final Optional<String> item;
    private final Optional<String> name;
    private final OptionalLong amount;
    private final Optional<String> unknown;
    private final List<String> channels;
    private final Optional<String> verbatim;
    private final Optional<String> note;

    FeeRecord(Read r) {
        super(r);
        this.caseType = r.str("case");
        this.item = r.optStr("item");
        this.name = r.optStr("name");
        this.amount = r.optLong("amount");
        this.unknown = r.optStr("unknown");
        this.channels = r.strings("channels");
        this.verbatim = r.optStr("verbatim");
        this.note = r.optStr("note");
    }

    public String caseType() {
        return caseType;
    }

    /** le-phi or phi; empty where the source does not say which. */
    public Optional<String> item() {
        return item;
    }

    public Optional<String> name() {
        return name;
    }

    public OptionalLong amount() {
        return amount;
    }

    public Optional<String> unknown() {
        return unknown;
    }

    public List<String> channels() {
        return channels;
    }

    /** The source's own text, as read (e.g. "20,000 Việt Nam Đồng"). */
    public Optional<String> verbatim() {
        return verbatim;
    }

    public Optional<String> note() {
        return note;
    }
}
