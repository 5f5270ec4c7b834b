package vn.tthc;

/**
 * A date, a count or an answer outside what the calendar (or the lunar
 * table) covers ({@code out-of-range}, {@code result-out-of-range},
 * {@code lunar-out-of-range}); also a date too far away for the library's
 * 32-bit day numbers.
 */
public class CalendarRangeException extends CalendarException {
    private static final long serialVersionUID = 1L;

    public CalendarRangeException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
