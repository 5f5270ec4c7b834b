package vn.tthc;

/**
 * A call on an engine or calendar after its {@code close()}; the library is
 * not called (status NULL_ARGUMENT, kind {@code closed}).
 */
public class ClosedHandleException extends TthcException {
    private static final long serialVersionUID = 1L;

    public ClosedHandleException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
