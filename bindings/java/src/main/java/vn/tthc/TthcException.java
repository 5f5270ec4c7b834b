package vn.tthc;

/**
 * Base of every exception the binding throws for a failed call.
 *
 * <p>The subclasses mirror the Python package's ({@code tthc.CaseError},
 * {@code tthc.NotFoundError}, ...) so that a host catches the same families
 * in every language. {@link #status()} is the C ABI's status, {@link #kind()}
 * the engine's stable machine name for the problem (the string the
 * conformance vectors and the other bindings use).
 */
public class TthcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status status;
    private final String kind;
    private final String help;
    private final String detailsJson;

    /**
     * @param detailsJson the library's error JSON ({@code status}, {@code code},
     *     {@code kind}, {@code message}, {@code help}, {@code diagnostics}), or "{}"
     */
    public TthcException(String message, Status status, String kind, String help, String detailsJson) {
        super(message);
        this.status = status;
        this.kind = kind;
        this.help = help;
        this.detailsJson = detailsJson;
    }

    /** The C ABI's status of the failure. */
    public Status status() {
        return status;
    }

    /** The engine's stable name of the problem, e.g. {@code unknown-procedure}. */
    public String kind() {
        return kind;
    }

    /** What to do about it. */
    public String help() {
        return help;
    }

    /** The library's error JSON, as received. */
    public String detailsJson() {
        return detailsJson;
    }
}
