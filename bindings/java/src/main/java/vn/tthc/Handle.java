package vn.tthc;

import com.sun.jna.Pointer;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A native handle that many threads may use at once and one may close.
 * Calls hold the read lock, so {@link #close()} waits for the calls under
 * way and frees the handle after them: no call runs on a freed handle, and
 * one after close() throws {@link ClosedHandleException}.
 */
final class Handle {
    /** A call on the live pointer. */
    interface Call<T> {
        T on(Pointer p);
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String what;
    private final Consumer<Pointer> free;
    private Pointer pointer;

    Handle(Pointer pointer, String what, Consumer<Pointer> free) {
        this.pointer = pointer;
        this.what = what;
        this.free = free;
    }

    <T> T with(Call<T> call) {
        lock.readLock().lock();
        try {
            if (pointer == null) {
                throw new ClosedHandleException(what + " is closed", Status.NULL_ARGUMENT, "closed", "make a new " + what, "{}");
            }
            return call.on(pointer);
        } finally {
            lock.readLock().unlock();
        }
    }

    void close() {
        lock.writeLock().lock();
        try {
            if (pointer != null) {
                free.accept(pointer);
                pointer = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
