package vn.tthc;

/**
 * A date that does not exist (2025-02-29, a lunar month with no leap month
 * that year), or a lunar month or day beyond the C parameter's byte.
 */
public class InvalidDateException extends TthcException {
    private static final long serialVersionUID = 1L;

    public InvalidDateException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
