package vn.tthc;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The procedure version a decision applied: its id, national code, name and
 * validity.
 */
public final class ProcedureRef {
    private final String id;
    private final Optional<String> code;
    private final String name;
    private final Optional<String> nameEn;
    private final String sector;
    private final String source;
    private final String status;
    private final Optional<LocalDate> validFrom;
    private final Optional<LocalDate> validTo;

    ProcedureRef(Read r) {
        this.id = r.str("id");
        this.code = r.optStr("code");
        this.name = r.str("name");
        this.nameEn = r.optStr("name_en");
        this.sector = r.str("sector");
        this.source = r.str("source");
        this.status = r.str("status");
        this.validFrom = r.optDate("valid_from");
        this.validTo = r.optDate("valid_to");
    }

    public String id() {
        return id;
    }

    /** The national code; empty when no source gives one. */
    public Optional<String> code() {
        return code;
    }

    public String name() {
        return name;
    }

    public Optional<String> nameEn() {
        return nameEn;
    }

    public String sector() {
        return sector;
    }

    /** "national", or "overlay:<province>" for a province's own version. */
    public String source() {
        return source;
    }

    /** confirmed, secondary, derived or unconfirmed. */
    public String status() {
        return status;
    }

    public Optional<LocalDate> validFrom() {
        return validFrom;
    }

    public Optional<LocalDate> validTo() {
        return validTo;
    }
}
