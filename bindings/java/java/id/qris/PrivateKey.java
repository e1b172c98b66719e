package id.qris;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** An RSA private key (PKCS#1 or PKCS#8; PEM, DER or Base64; at least 2048 bits). Thread-safe. */
public final class PrivateKey extends Handle {
    private PrivateKey(long id) { super(id); }

    /** Loads a key; throws {@link InvalidKey}. The bytes are copied; wipe your array when done. */
    public static PrivateKey fromPem(byte[] data) { return new PrivateKey(Native.privateKeyLoad(data)); }

    public static PrivateKey fromPem(String pem) {
        byte[] b = pem.getBytes(StandardCharsets.UTF_8);
        try {
            return fromPem(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** The modulus size in bits. */
    public int bits() { return Native.keyBits(id); }

    @Override public String toString() { return "PrivateKey(" + bits() + " bits, [REDACTED])"; }
}
