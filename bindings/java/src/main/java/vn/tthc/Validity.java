package vn.tthc;

import java.time.LocalDate;
import java.util.Optional;

/**
 * When a catalogue record is in force: from and to, inclusive; empty is
 * open-ended.
 */
public final class Validity {
    private final Optional<LocalDate> from;
    private final Optional<LocalDate> to;

    Validity(Read r) {
        this.from = r.optDate("from");
        this.to = r.optDate("to");
    }

    private Validity() {
        this.from = Optional.empty();
        this.to = Optional.empty();
    }

    /** In force at every date (a record without a validity). */
    static Validity always() {
        return new Validity();
    }

    public Optional<LocalDate> from() {
        return from;
    }

    public Optional<LocalDate> to() {
        return to;
    }
}
