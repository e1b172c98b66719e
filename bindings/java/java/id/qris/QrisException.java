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
    private int ackStatus;
    private String ackBody;

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

    /**
     * For a refused SNAP notification: the HTTP status to answer with (e.g. 401 for a bad
     * signature, 409 for a replay), computed from the real error; 0 otherwise.
     */
    public int ackStatus() { return ackStatus; }

    /** For a refused SNAP notification: the JSON body to answer with; null otherwise. */
    public String ackBody() { return ackBody; }

    /** Set by the native library when it throws a refused notification. */
    void withAck(int status, String body) {
        this.ackStatus = status;
        this.ackBody = body;
    }
}
