package vn.tthc;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A processing time as the catalogue records it, for one case type (and, when
 * channels() is not empty, only those channels). When no source gives a
 * usable time, unit() is empty and unknown() gives the reason; amount() then
 * keeps a bare number the source gave without a unit, for information only.
 */
public final class ProcessingRecord extends CatalogRecord {
    private final String caseType;
    private final OptionalLong amount;
    private final Optional<String> unit;
    private final Optional<String> unknown;
    private final List<String> channels;
    private final Optional<String> verbatim;

    ProcessingRecord(Read r) {
        super(r);
        this.caseType = r.str("case");
        this.amount = r.optLong("amount");
        this.unit = r.optStr("unit");
        this.unknown = r.optStr("unknown");
        this.channels = r.strings("channels");
        this.verbatim = r.optStr("verbatim");
    }

    public String caseType() {
        return caseType;
    }

    public OptionalLong amount() {
        return amount;
    }

    public Optional<String> unit() {
        return unit;
    }

    public Optional<String> unknown() {
        return unknown;
    }

    public List<String> channels() {
        return channels;
    }

    /** The source's own text, as read (e.g. "7 Ngày làm việc"). */
    public Optional<String> verbatim() {
        return verbatim;
    }
}
