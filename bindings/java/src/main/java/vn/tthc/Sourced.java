package vn.tthc;

import java.util.List;

/**
 * A fact of an answer with where it comes from: how sure it is and the
 * legal documents it rests on. Every fee, time, policy and rule the engine
 * reports carries both, so that a user can check it.
 */
public abstract class Sourced {
    private final String status;
    private final List<LegalRef> legalBasis;

    Sourced(Read r) {
        this.status = r.str("status");
        this.legalBasis = r.list("legal_basis", LegalRef::new);
    }

    /**
     * confirmed (the legal text was read), secondary (read on the national
     * portal or another secondary source), derived, unconfirmed, or supplied
     * (a fee item the case gave).
     */
    public String status() {
        return status;
    }

    /** The documents the fact rests on; empty where the answer cites only the record (a decision's essential lists). */
    public List<LegalRef> legalBasis() {
        return legalBasis;
    }
}
