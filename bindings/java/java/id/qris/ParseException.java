package id.qris;

/** A payload that is not well-formed (structure, length, encoding). */
public class ParseException extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public ParseException(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
