package vn.tthc;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A processing time or a fee as the catalogue records it: for one case
 * type, on the channels listed (none listed: every channel), with an amount
 * a source gives, or the reason none is known (unknown is not zero).
 */
public abstract class ChannelRecord extends CatalogRecord {
    private final String caseType;
    private final List<String> channels;
    private final OptionalLong amount;
    private final Optional<String> unknown;
    private final Optional<String> verbatim;

    ChannelRecord(Read r) {
        super(r);
        this.caseType = r.str("case");
        this.channels = r.strings("channels");
        this.amount = r.optLong("amount");
        this.unknown = r.optStr("unknown");
        this.verbatim = r.optStr("verbatim");
    }

    /** The case type the record is for ("default" unless the catalogue splits cases). */
    public String caseType() {
        return caseType;
    }

    /** The channels the record is for; empty means every channel. */
    public List<String> channels() {
        return channels;
    }

    /** The amount; see the subclass for what it counts and when it is empty. */
    public OptionalLong amount() {
        return amount;
    }

    /** Why no amount is known, when none is. */
    public Optional<String> unknown() {
        return unknown;
    }

    /** The source's own text, as read (e.g. "7 Ngày làm việc", "20,000 Việt Nam Đồng"). */
    public Optional<String> verbatim() {
        return verbatim;
    }
}
