package vn.tthc;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * How a decision was reached: engine version, catalogue hash, the instant
 * rules were taken at, and every policy considered.
 */
public final class Receipt {
    private final String engineVersion;
    private final String catalogueHash;
    private final OffsetDateTime referenceInstant;
    private final List<AppliedPolicy> applied;
    private final List<NotAppliedPolicy> notApplied;
    private final List<String> unconfirmed;

    Receipt(Read r) {
        this.engineVersion = r.str("engine_version");
        this.catalogueHash = r.str("catalogue_hash");
        this.referenceInstant = r.instant("reference_instant");
        this.applied = r.list("applied", AppliedPolicy::new);
        this.notApplied = r.list("not_applied", NotAppliedPolicy::new);
        this.unconfirmed = r.strings("unconfirmed");
    }

    public String engineVersion() {
        return engineVersion;
    }

    /** SHA-256 of the catalogue (Engine.contentHash()). */
    public String catalogueHash() {
        return catalogueHash;
    }

    public OffsetDateTime referenceInstant() {
        return referenceInstant;
    }

    public List<AppliedPolicy> applied() {
        return applied;
    }

    public List<NotAppliedPolicy> notApplied() {
        return notApplied;
    }

    /** Facts used that no source confirms, as "path: status". */
    public List<String> unconfirmed() {
        return unconfirmed;
    }
}
