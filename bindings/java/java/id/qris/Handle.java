package id.qris;

import java.lang.ref.Cleaner;

/**
 * A native key or signer: a number into the library's table of handles. {@code close()}
 * forgets it now (the key's memory is wiped when no call uses it any more); a
 * {@link Cleaner} does it when the object is garbage-collected. Using a closed object
 * throws {@link QrisException} ({@code closed}).
 */
abstract class Handle implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    final long id;
    private final Cleaner.Cleanable cleanable;

    Handle(long id) {
        this.id = id;
        this.cleanable = CLEANER.register(this, new Free(id));
    }

    /** Forgets the key now; idempotent. */
    @Override public void close() { cleanable.clean(); }

    private static final class Free implements Runnable {
        private final long id;
        Free(long id) { this.id = id; }
        @Override public void run() { Native.free(id); }
    }
}
