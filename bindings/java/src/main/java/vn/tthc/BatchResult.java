package vn.tthc;

import java.util.Optional;

/**
 * One answer of a batch call, in the order of the requests: the result, or
 * the exception the single call would have thrown. One bad request costs
 * only its own answer.
 *
 * @param <T> Decision, Deadline, Tracking or ProcedureInfo
 */
public final class BatchResult<T> {
    private final Status status;
    private final T result;
    private final TthcException error;

    BatchResult(Status status, T result, TthcException error) {
        this.status = status;
        this.result = result;
        this.error = error;
    }

    /** OK, or the status of the error. */
    public Status status() {
        return status;
    }

    public boolean ok() {
        return error == null;
    }

    /** The result; throws this item's error when it failed. */
    public T get() {
        if (error != null) {
            throw error;
        }
        return result;
    }

    /** The error, when this item failed. */
    public Optional<TthcException> error() {
        return Optional.ofNullable(error);
    }
}
