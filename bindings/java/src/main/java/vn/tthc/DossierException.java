package vn.tthc;

/**
 * A dossier's events that cannot be tracked ({@code invalid-event}, {@code
 * no-events}, {@code as-of-before-events}, {@code invalid-dossier}).
 */
public class DossierException extends DeadlineException {
    private static final long serialVersionUID = 1L;

    public DossierException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
