package id.qris;

import java.util.Arrays;

/**
 * A prepared HMAC-SHA512 key (the client secret) for SNAP transactional requests:
 * reuse it across requests and threads. A blank secret is refused.
 */
public final class HmacSigner extends Handle {
    /** The secret's bytes are copied into the library; wipe your array when done. */
    public HmacSigner(byte[] secret) { super(Native.hmacNew(secret)); }

    /** The secret's UTF-8; the temporary copy is wiped. */
    public HmacSigner(String secret) { super(load(secret)); }

    private static long load(String s) {
        byte[] b = Qris.utf8(s, "secret");
        try {
            return Native.hmacNew(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** X-SIGNATURE over {@code METHOD:path:token:sha256hex(minify(body)):timestamp}, Base64. */
    public String sign(String method, String path, String token, String body, String timestamp) {
        return sign(method, path, token, Qris.utf8(body, "body"), timestamp, false);
    }

    public String sign(String method, String path, String token, byte[] body, String timestamp, boolean hex) {
        return Native.hmacSign(id, method, path, token, body, timestamp, hex);
    }

    /** Checks X-TIMESTAMP (300 s, the system clock), then the signature in constant time. */
    public void verify(String method, String path, String token, String body, String timestamp, String signature) {
        verify(method, path, token, Qris.utf8(body, "body"), timestamp, signature, Snap.DEFAULT_WINDOW, null);
    }

    /** {@code now}: Unix seconds, or null for the system clock. */
    public void verify(String method, String path, String token, byte[] body, String timestamp, String signature,
                       long windowSeconds, Long now) {
        Native.hmacVerify(id, method, path, token, body, timestamp, signature, windowSeconds, Snap.now(now));
    }

    @Override public String toString() { return "HmacSigner([REDACTED])"; }
}
