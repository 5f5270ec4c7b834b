package vn.tthc;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.time.LocalDate;

/**
 * One jurisdiction's working calendar ({@link Engine#calendar}), as of the
 * catalogue current when it was made; it does not see later reloads, and it
 * outlives the engine it came from. Safe to use from many threads; close it
 * once (try-with-resources).
 *
 * <p>Each question takes {@link LocalDate}s, or day numbers (days since
 * 1970-01-01) and then answers with one.
 */
public final class Calendar implements AutoCloseable {
    private final Handle handle;

    Calendar(PointerByReference out) {
        this.handle = new Handle(out.getValue(), "calendar", p -> Native.tthc_calendar_free(p));
    }

    /** The first day the calendar covers. */
    public LocalDate firstDay() {
        return Tthc.fromDay(range()[0]);
    }

    /** The last day the calendar covers. */
    public LocalDate lastDay() {
        return Tthc.fromDay(range()[1]);
    }

    private int[] range() {
        int[] first = new int[1];
        int[] last = new int[1];
        handle.with((Pointer p) -> {
            Native.check(Native.tthc_calendar_range(p, first, last));
            return null;
        });
        return new int[] {first[0], last[0]};
    }

    /** Whether state agencies work on the day: weekly rest, holidays, swapped days and make-up Saturdays included. */
    public boolean isWorkingDay(LocalDate date) {
        return isWorkingDay(Tthc.toDay(date));
    }

    public boolean isWorkingDay(int day) {
        byte[] out = new byte[1];
        handle.with((Pointer p) -> {
            Native.check(Native.tthc_calendar_is_working_day(p, day, out));
            return null;
        });
        return out[0] != 0;
    }

    /**
     * The working day {@code n} working days after {@code date} (before it
     * for negative n); for 0, the date itself if it is a working day, else
     * the next one.
     */
    public LocalDate addWorkingDays(LocalDate date, int n) {
        return Tthc.fromDay(addWorkingDays(Tthc.toDay(date), n));
    }

    public int addWorkingDays(int day, int n) {
        int[] out = new int[1];
        handle.with((Pointer p) -> {
            Native.check(Native.tthc_calendar_add_working_days(p, day, n, out));
            return null;
        });
        return out[0];
    }

    /** Working days in (from, to]; negative when {@code to} is before {@code from}. */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        return workingDaysBetween(Tthc.toDay(from), Tthc.toDay(to));
    }

    public int workingDaysBetween(int from, int to) {
        int[] out = new int[1];
        handle.with((Pointer p) -> {
            Native.check(Native.tthc_calendar_working_days_between(p, from, to, out));
            return null;
        });
        return out[0];
    }

    /** Frees the calendar after the calls under way; later calls throw {@link ClosedHandleException}. Idempotent. */
    @Override
    public void close() {
        handle.close();
    }
}
