package vn.tthc;

/**
 * A deadline the catalogue cannot settle: no known processing time for the
 * case and channel and no same-day rule ({@code no-processing-time}), or no
 * rule to count its unit ({@code no-counting-rule}).
 */
public class DeadlineException extends TthcException {
    private static final long serialVersionUID = 1L;

    public DeadlineException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
