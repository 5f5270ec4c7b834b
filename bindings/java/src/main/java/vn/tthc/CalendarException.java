package vn.tthc;

/**
 * The working calendar cannot answer: the catalogue has no calendar data
 * ({@code no-calendar}) or no office hours ({@code no-office-hours}).
 */
public class CalendarException extends TthcException {
    private static final long serialVersionUID = 1L;

    public CalendarException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
