package id.qris;

/** A payload or option that cannot be converted (static to dynamic and back). */
public class ConvertException extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public ConvertException(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
