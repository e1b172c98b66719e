package id.qris;

/**
 * The replay guard in this process's memory: a SNAP notification is accepted once (a
 * replay, or a reused X-EXTERNAL-ID the same WIB day, throws {@link NotificationReplayed},
 * answered 409). At most {@code maxBytes} of entries (64 MiB by default); when full it
 * refuses rather than forgets. Several instances: a {@link ReplayStore} of your own.
 */
public final class ReplayGuard extends Handle {
    public ReplayGuard() { this(64L << 20); }

    public ReplayGuard(long maxBytes) { super(Native.replayGuardNew(maxBytes)); }
}
