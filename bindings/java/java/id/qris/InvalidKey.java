package id.qris;

/** Key material that is not a usable RSA key (PEM, DER or Base64; at least 2048 bits unless a legacy provider key is allowed for verification). */
public class InvalidKey extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public InvalidKey(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
