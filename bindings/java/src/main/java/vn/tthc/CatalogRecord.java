package vn.tthc;

/** A record of the catalogue as {@link Engine#procedure} shows it: a sourced fact with the dates it is in force. */
public abstract class CatalogRecord extends Sourced {
    private final Validity validity;

    CatalogRecord(Read r) {
        super(r);
        this.validity = r.optObj("validity").map(Validity::new).orElseGet(Validity::always);
    }

    /** When the record is in force. */
    public Validity validity() {
        return validity;
    }
}
