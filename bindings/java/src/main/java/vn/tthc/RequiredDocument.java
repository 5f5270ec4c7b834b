package vn.tthc;

import java.util.Optional;

/**
 * A document the applicant is asked for; reusableFrom() names a national
 * database it can be taken from instead.
 */
public final class RequiredDocument extends CatalogRecord {
    private final String name;
    private final Optional<String> reusableFrom;

    RequiredDocument(Read r) {
        super(r);
        this.name = r.str("name");
        this.reusableFrom = r.optStr("reusable_from");
    }

    public String name() {
        return name;
    }

    public Optional<String> reusableFrom() {
        return reusableFrom;
    }
}
