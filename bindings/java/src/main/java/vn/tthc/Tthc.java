package vn.tthc;

import java.time.LocalDate;

/**
 * The library as a whole: where it is loaded from, its versions, and the
 * date conversions (day numbers, lunar dates).
 *
 * <p>Dates are {@link LocalDate}s, instants {@link java.time.OffsetDateTime}s
 * (Vietnam is +07:00 all year). The C functions count days since
 * 1970-01-01 in 32 bits: a date beyond that is refused with a
 * {@link CalendarRangeException} before it reaches C, never truncated.
 */
public final class Tthc {
    private Tthc() {}

    /**
     * Loads libtthc from this path (or library name) instead of the defaults:
     * the system property {@code tthc.library}, the environment variable
     * {@code TTHC_LIB}, else {@code tthc} on {@code jna.library.path} and the
     * system's library directories. Call it before the first call that needs
     * the library.
     *
     * @throws IllegalStateException when the library is already loaded
     */
    public static void configure(String library) {
        Loader.configure(library);
    }

    /** The library version, e.g. "0.1.0". */
    public static String version() {
        return Native.tthc_version().getString(0, "UTF-8");
    }

    /** The C ABI version (1 for this binding). */
    public static int abiVersion() {
        return Native.tthc_abi_version();
    }

    /** The largest request (JSON text, catalogue file) in bytes the library reads. */
    public static long maxInputBytes() {
        return Native.tthc_max_input_bytes();
    }

    /** Days since 1970-01-01 of a date, checked for the C functions' 32 bits. */
    public static int toDay(LocalDate date) {
        long day = date.toEpochDay();
        if (day < Integer.MIN_VALUE || day > Integer.MAX_VALUE) {
            throw new CalendarRangeException(date + " (" + day + " days since 1970-01-01) is not a supported date",
                    Status.OUT_OF_RANGE, "out-of-range", "use dates inside the range Calendar.firstDay()..lastDay() reports", "{}");
        }
        return (int) day;
    }

    /** The date of a day number (days since 1970-01-01). */
    public static LocalDate fromDay(int day) {
        return LocalDate.ofEpochDay(day);
    }

    /** The lunar date of a solar date (1900–2199). */
    public static LunarDate solarToLunar(LocalDate date) {
        Native.LunarStruct l = new Native.LunarStruct();
        Native.check(Native.tthc_solar_to_lunar(toDay(date), l));
        return new LunarDate(l.year, Byte.toUnsignedInt(l.month), Byte.toUnsignedInt(l.day), l.leap != 0);
    }

    /** The solar date of a lunar date; {@link InvalidDateException} when it does not exist. */
    public static LocalDate lunarToSolar(LunarDate lunar) {
        if (lunar.month() < 0 || lunar.month() > 255 || lunar.day() < 0 || lunar.day() > 255) {
            throw new InvalidDateException(lunar + " is not a lunar date", Status.INVALID_INPUT, "invalid-lunar-date",
                    "the month is 1–12 and the day 1–30", "{}");
        }
        Native.LunarStruct l = new Native.LunarStruct();
        l.year = lunar.year();
        l.month = (byte) lunar.month();
        l.day = (byte) lunar.day();
        l.leap = Native.bool(lunar.leap());
        int[] out = new int[1];
        Native.check(Native.tthc_lunar_to_solar(l, out));
        return fromDay(out[0]);
    }
}
