package vn.tthc;

/**
 * The procedure or province exists but not on the date asked about ({@code
 * procedure-not-in-force}, {@code province-not-in-force}).
 */
public class NotInForceException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    public NotInForceException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
