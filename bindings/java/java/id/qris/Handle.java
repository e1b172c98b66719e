package id.qris;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A native key or signer: a number into the library's table of handles. {@code close()}
 * forgets it now (the key's memory is wiped when no call uses it any more); a cleaner does
 * it when the object is garbage-collected. Using a closed object throws {@link QrisException}
 * ({@code closed}).
 *
 * <p>The cleaner is built on {@link PhantomReference} and a {@link ReferenceQueue} (what
 * {@code java.lang.ref.Cleaner} does inside): {@code Cleaner} itself needs Android 13, and
 * POS terminals run older ones.
 */
abstract class Handle implements AutoCloseable {
    private static final ReferenceQueue<Handle> QUEUE = new ReferenceQueue<>();
    /** Keeps the phantom references reachable until they are cleaned. */
    private static final Set<Free> PENDING = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    static {
        Thread t = new Thread(Handle::drain, "qris-cleaner");
        t.setDaemon(true);
        t.start();
    }

    final long id;
    private final Free free;

    Handle(long id) {
        this.id = id;
        this.free = new Free(this, id);
        PENDING.add(free);
    }

    /** Forgets the key now; idempotent. */
    @Override public void close() { free.clean(); }

    private static void drain() {
        while (true) {
            try {
                Reference<? extends Handle> r = QUEUE.remove();
                if (r instanceof Free) ((Free) r).clean();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A handle that cannot be freed has nothing more to say; keep draining.
            }
        }
    }

    private static final class Free extends PhantomReference<Handle> {
        private final long id;
        private boolean done;

        Free(Handle owner, long id) {
            super(owner, QUEUE);
            this.id = id;
        }

        synchronized void clean() {
            if (done) return;
            done = true;
            PENDING.remove(this);
            Native.free(id);
        }
    }
}
