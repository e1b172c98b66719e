package id.qris;

/** A body that is not valid JSON: the offset is the byte of the first error. */
public class JsonException extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public JsonException(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
