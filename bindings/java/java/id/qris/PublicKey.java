package id.qris;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An RSA public key (SPKI, PKCS#1 or an X.509 certificate's key; PEM, DER or Base64).
 * Thread-safe.
 */
public final class PublicKey extends Handle {
    private PublicKey(long id) { super(id); }

    /** Loads a key of at least 2048 bits; throws {@link InvalidKey}. */
    public static PublicKey fromPem(byte[] data) { return new PublicKey(Native.publicKeyLoad(data, false)); }

    public static PublicKey fromPem(String pem) { return fromPem(pem.getBytes(StandardCharsets.UTF_8)); }

    /**
     * With {@code allowLegacy1024}, also a provider key of 1024 to 2047 bits, for
     * verification only ({@link #isLegacy()}, {@link #warning()}).
     */
    public static PublicKey fromPem(String pem, boolean allowLegacy1024) {
        return new PublicKey(Native.publicKeyLoad(pem.getBytes(StandardCharsets.UTF_8), allowLegacy1024));
    }

    /** The modulus size in bits. */
    public int bits() { return Native.keyBits(id); }

    /** Whether the key is below 2048 bits. */
    public boolean isLegacy() { return warning().isPresent(); }

    /** {@code "key.legacy_1024: ..."} for a legacy key. */
    public Optional<String> warning() { return Optional.ofNullable(Native.publicKeyWarning(id)); }

    @Override public String toString() { return "PublicKey(" + bits() + " bits)"; }
}
