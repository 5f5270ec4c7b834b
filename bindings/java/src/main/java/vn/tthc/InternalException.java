package vn.tthc;

/**
 * A bug in libtthc (a Rust panic, status PANIC) reported instead of
 * crashing the JVM, or a handle poisoned by one (POISONED: close it and
 * create another); also an answer the binding cannot read.
 */
public class InternalException extends TthcException {
    private static final long serialVersionUID = 1L;

    public InternalException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
