package id.qris;

/**
 * Bank Indonesia SNAP: request signatures (HMAC-SHA512 and SHA256withRSA), the B2B
 * access-token signature, X-TIMESTAMP. Verifications check the timestamp first
 * (within {@link #DEFAULT_WINDOW} seconds of now unless told otherwise) and throw
 * {@link InvalidTimestamp} or {@link InvalidSignature}; a body that is not JSON is a
 * {@link JsonException}.
 */
public final class Snap {
    /** The X-TIMESTAMP window verifications use by default, in seconds. */
    public static final long DEFAULT_WINDOW = 300;

    private Snap() {}

    static long now(Long now) { return now == null ? Long.MIN_VALUE : now; }

    /** HMAC X-SIGNATURE, Base64, with the client secret. A blank secret is refused. */
    public static String signHmac(String secret, String method, String path, String token, String body, String timestamp) {
        try (HmacSigner s = new HmacSigner(secret)) {
            return s.sign(method, path, token, body, timestamp);
        }
    }

    public static void verifyHmac(String secret, String method, String path, String token, String body, String timestamp,
                                  String signature) {
        try (HmacSigner s = new HmacSigner(secret)) {
            s.verify(method, path, token, body, timestamp, signature);
        }
    }

    /** SHA256withRSA X-SIGNATURE over {@code METHOD:path:sha256hex(minify(body)):timestamp}, Base64. */
    public static String signRsa(PrivateKey key, String method, String path, String body, String timestamp) {
        return Native.rsaSign(key.id, method, path, Qris.utf8(body, "body"), timestamp, false);
    }

    public static String signRsa(PrivateKey key, String method, String path, byte[] body, String timestamp, boolean hex) {
        return Native.rsaSign(key.id, method, path, body, timestamp, hex);
    }

    public static void verifyRsa(PublicKey key, String method, String path, String body, String timestamp, String signature) {
        verifyRsa(key, method, path, Qris.utf8(body, "body"), timestamp, signature, DEFAULT_WINDOW, null);
    }

    /** {@code now}: Unix seconds, or null for the system clock. */
    public static void verifyRsa(PublicKey key, String method, String path, byte[] body, String timestamp, String signature,
                                 long windowSeconds, Long now) {
        Native.rsaVerify(key.id, method, path, body, timestamp, signature, windowSeconds, now(now));
    }

    /** The B2B access-token signature over {@code clientId|timestamp}, Base64. */
    public static String signB2b(PrivateKey key, String clientId, String timestamp) {
        return Native.b2bSign(key.id, clientId, timestamp, false);
    }

    public static void verifyB2b(PublicKey key, String clientId, String timestamp, String signature) {
        verifyB2b(key, clientId, timestamp, signature, DEFAULT_WINDOW, null);
    }

    public static void verifyB2b(PublicKey key, String clientId, String timestamp, String signature, long windowSeconds,
                                 Long now) {
        Native.b2bVerify(key.id, clientId, timestamp, signature, windowSeconds, now(now));
    }

    /** X-TIMESTAMP for now at +07:00 (WIB), e.g. {@code 2024-03-19T14:30:00+07:00}. */
    public static String timestamp() { return Native.timestamp(Long.MIN_VALUE, 420, false); }

    /** X-TIMESTAMP for {@code unix} seconds at {@code offsetMinutes} from UTC (0 writes Z). */
    public static String formatTimestamp(long unix, int offsetMinutes, boolean millis) {
        return Native.timestamp(unix, offsetMinutes, millis);
    }

    /** Checks a received X-TIMESTAMP; throws {@link InvalidTimestamp}. */
    public static void checkTimestamp(String timestamp) { Native.checkTimestamp(timestamp, DEFAULT_WINDOW, Long.MIN_VALUE); }

    public static void checkTimestamp(String timestamp, long windowSeconds, Long now) {
        Native.checkTimestamp(timestamp, windowSeconds, now(now));
    }

    /**
     * Verifies a SNAP payment notification as received: X-TIMESTAMP (300 s, the system
     * clock), X-SIGNATURE over your own {@code path} with the provider's public key, then
     * the body. A refusal's exception carries the answer to send ({@code ackStatus()},
     * {@code ackBody()}).
     */
    public static Notification verifyNotification(PublicKey key, String method, String path, byte[] body, String timestamp,
                                                  String signature) {
        return verifyNotification(key, method, path, body, timestamp, signature, DEFAULT_WINDOW, null);
    }

    /** {@code now}: Unix seconds, or null for the system clock. */
    public static Notification verifyNotification(PublicKey key, String method, String path, byte[] body, String timestamp,
                                                  String signature, long windowSeconds, Long now) {
        return new Notification(Native.snapVerifyNotification(key.id, method, path, body, timestamp, signature,
            windowSeconds, now(now), 0, null, null, null));
    }

    /** As above, acted on once: {@code guard} remembers it (X-PARTNER-ID, X-EXTERNAL-ID). */
    public static Notification verifyNotification(PublicKey key, String method, String path, byte[] body, String timestamp,
                                                  String signature, long windowSeconds, Long now, ReplayGuard guard,
                                                  String partnerId, String externalId) {
        return new Notification(Native.snapVerifyNotification(key.id, method, path, body, timestamp, signature,
            windowSeconds, now(now), guard.id, null, partnerId, externalId));
    }

    /** As above with a store shared by your service's instances. */
    public static Notification verifyNotification(PublicKey key, String method, String path, byte[] body, String timestamp,
                                                  String signature, long windowSeconds, Long now, ReplayStore store,
                                                  String partnerId, String externalId) {
        return new Notification(Native.snapVerifyNotification(key.id, method, path, body, timestamp, signature,
            windowSeconds, now(now), 0, java.util.Objects.requireNonNull(store, "store"), partnerId, externalId));
    }

    /** The RFC 3986 canonical form of a relative URL, for providers that sign it (BCA). */
    public static String canonicalUrl(String url) { return Native.canonicalUrl(url); }
}
