package id.qris;

/** A signature that does not verify. */
public class InvalidSignature extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public InvalidSignature(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
