package vn.tthc;

/**
 * A length of time: an amount in a unit (working-days, calendar-days,
 * working-hours or months).
 */
public final class Period {
    private final long amount;
    private final String unit;

    Period(Read r) {
        this.amount = r.lng("amount");
        this.unit = r.str("unit");
    }

    public long amount() {
        return amount;
    }

    /** working-days, calendar-days, working-hours or months. */
    public String unit() {
        return unit;
    }
}
