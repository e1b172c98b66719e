package id.qris;

/**
 * The root of every qris error: a stable {@link #code()} (e.g. {@code "tlv.truncated"},
 * {@code "crc.mismatch"}), the byte {@link #offset()} in the input where the problem is
 * (-1 when none applies) and the data object's {@link #path()} (e.g. {@code "62.07"};
 * empty for the payload as a whole). Unchecked, like {@link IllegalArgumentException}:
 * bad input is the caller's to handle where it makes sense.
 */
public class QrisException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final long offset;
    private final String path;

    /** Called by the native library (and subclasses). */
    public QrisException(String message, String code, long offset, String path) {
        super(message);
        this.code = code;
        this.offset = offset;
        this.path = path == null ? "" : path;
    }

    /** The stable code. */
    public String code() { return code; }

    /** The byte offset in the input, or -1. */
    public long offset() { return offset; }

    /** The data object concerned, e.g. {@code "63"}; empty for the payload as a whole. */
    public String path() { return path; }
}
