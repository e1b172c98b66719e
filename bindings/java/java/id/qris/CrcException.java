package id.qris;

/** A payload whose CRC (tag 63) is missing, malformed or wrong. */
public class CrcException extends ParseException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public CrcException(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
