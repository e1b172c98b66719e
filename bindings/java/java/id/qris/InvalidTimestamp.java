package id.qris;

/** An X-TIMESTAMP that is malformed or outside the window. */
public class InvalidTimestamp extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public InvalidTimestamp(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
