package vn.tthc;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A policy considered and not applied, with the reason (not-in-force,
 * condition-false, less-favourable, ...).
 */
public final class NotAppliedPolicy {
    private final String policy;
    private final String source;
    private final String reason;
    private final Optional<String> condition;
    private final String detail;
    private final Optional<String> by;
    private final Optional<LocalDate> validFrom;
    private final Optional<LocalDate> validTo;

    NotAppliedPolicy(Read r) {
        this.policy = r.str("policy");
        this.source = r.str("source");
        this.reason = r.str("reason");
        this.condition = r.optStr("condition");
        this.detail = r.str("detail");
        this.by = r.optStr("by");
        this.validFrom = r.optDate("valid_from");
        this.validTo = r.optDate("valid_to");
    }

    public String policy() {
        return policy;
    }

    public String source() {
        return source;
    }

    public String reason() {
        return reason;
    }

    /** The condition that failed (e.g. "when.channels"), for condition-false. */
    public Optional<String> condition() {
        return condition;
    }

    public String detail() {
        return detail;
    }

    /** The policy or overlay that replaced or beat it. */
    public Optional<String> by() {
        return by;
    }

    public Optional<LocalDate> validFrom() {
        return validFrom;
    }

    public Optional<LocalDate> validTo() {
        return validTo;
    }
}
