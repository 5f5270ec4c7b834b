package vn.tthc;

/**
 * The working calendar cannot answer ({@code calendar}).
 */
public class CalendarException extends TthcException {
    private static final long serialVersionUID = 1L;

    public CalendarException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
