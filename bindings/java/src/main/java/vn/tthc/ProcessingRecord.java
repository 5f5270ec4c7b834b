package vn.tthc;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A processing time as the catalogue records it, for one case type (and, when
 * channels() is not empty, only those channels); amount and unit are empty
 * and unknown() gives the reason when no source gives the time.
 */
public final class ProcessingRecord extends CatalogRecord {
    private final String caseType;
    private final OptionalLong amount;
    private final Optional<String> unit;
    private final Optional<String> unknown;
    private final List<String> channels;

    ProcessingRecord(Read r) {
        super(r);
        this.caseType = r.str("case");
        this.amount = r.optLong("amount");
        this.unit = r.optStr("unit");
        this.unknown = r.optStr("unknown");
        this.channels = r.strings("channels");
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
}
