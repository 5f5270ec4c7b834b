package vn.tthc;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;

/** A policy that changed the decision, as the receipt records it. */
public final class AppliedPolicy extends Sourced {
    private final String policy;
    private final String kind;
    private final String source;
    private final Optional<LocalDate> validFrom;
    private final Optional<LocalDate> validTo;
    private final Optional<OffsetDateTime> inForceAt;

    AppliedPolicy(Read r) {
        super(r);
        this.policy = r.str("policy");
        this.kind = r.str("kind");
        this.source = r.str("source");
        this.validFrom = r.optDate("valid_from");
        this.validTo = r.optDate("valid_to");
        this.inForceAt = r.optInstant("in_force_at");
    }

    public String policy() {
        return policy;
    }

    public String kind() {
        return kind;
    }

    public String source() {
        return source;
    }

    public Optional<LocalDate> validFrom() {
        return validFrom;
    }

    public Optional<LocalDate> validTo() {
        return validTo;
    }

    /** The instant its validity was checked at (payment or submission). */
    public Optional<OffsetDateTime> inForceAt() {
        return inForceAt;
    }
}
