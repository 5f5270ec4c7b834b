package vn.tthc;

/**
 * No procedure or province by that id, code or name ({@code
 * unknown-procedure}, {@code unknown-province}).
 */
public class NotFoundException extends TthcException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
