package id.qris;

/** A verified notification for another order or amount than yours: do not deliver. */
public class NotificationMismatch extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public NotificationMismatch(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
