package id.qris;

/**
 * A replay store shared by your service's instances (e.g. Redis {@code SET key 1 NX EXAT}).
 * {@link #insertIfAbsent} must be atomic: true when the key was new (act on the
 * notification), false when it was seen and has not expired. Throwing refuses the
 * notification (answered 500), never delivers it.
 */
public interface ReplayStore {
    boolean insertIfAbsent(String key, long nowUnix, long expiresAtUnix);
}
