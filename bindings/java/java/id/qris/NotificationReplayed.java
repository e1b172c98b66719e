package id.qris;

/** A notification already acted on (the replay guard): answered 409, do not deliver again. */
public class NotificationReplayed extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public NotificationReplayed(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
