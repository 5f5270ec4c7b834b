package vn.tthc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * One answer of a batch call, in the order of the requests: the result, or
 * the exception the single call would have thrown. One bad request costs
 * only its own answer.
 *
 * <p>An answered item keeps its answer's text and reads it into the result
 * on the first {@link #get()}, then keeps the result: typed answers take
 * several times the memory of their text, so a batch holds its answers at
 * about the size of their JSON until they are read (docs/reliability.md,
 * batch memory). Safe to share between threads.
 *
 * @param <T> Decision, Deadline, Tracking or ProcedureInfo
 */
public final class BatchResult<T> {
    private final Status status;
    private final TthcException error;
    private final Function<String, T> read;
    /** The result's answer text (UTF-8) until it is read; then null. */
    private byte[] text;
    private volatile T result;

    private BatchResult(Status status, TthcException error, byte[] text, Function<String, T> read) {
        this.status = status;
        this.error = error;
        this.text = text;
        this.read = read;
    }

    /** An answered request, whose result {@code read} makes from {@code text} (UTF-8) on first use. */
    static <T> BatchResult<T> answered(byte[] text, Function<String, T> read) {
        return new BatchResult<>(Status.OK, null, text, read);
    }

    /** A request that failed with {@code error}. */
    static <T> BatchResult<T> failed(Status status, TthcException error) {
        return new BatchResult<>(status, error, null, null);
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
        T r = result;
        if (r == null) {
            synchronized (this) {
                r = result;
                if (r == null) {
                    r = read.apply(new String(text, StandardCharsets.UTF_8));
                    result = r;
                    text = null;
                }
            }
        }
        return r;
    }

    /** The error, when this item failed. */
    public Optional<TthcException> error() {
        return Optional.ofNullable(error);
    }
}
