package id.qris;

/** Midtrans (GoPay): the notification {@code signature_key}. */
public final class Midtrans {
    private Midtrans() {}

    /**
     * Lowercase hex SHA-512 of {@code orderId + statusCode + grossAmount + serverKey}. Pass
     * {@code grossAmount} exactly as received ("789000.00"): a String, never a number.
     */
    public static String signatureKey(String orderId, String statusCode, String grossAmount, String serverKey) {
        return Native.signatureKey(orderId, statusCode, grossAmount, Qris.utf8(serverKey, "serverKey"));
    }

    /**
     * Verifies a raw Midtrans HTTP notification body: the signed fields' form and
     * {@code signature_key} against your server key, then what the status means. Throws
     * {@link InvalidSignature} (forged, wrong key) or {@link QrisException} (malformed).
     */
    public static Notification verifyNotification(byte[] body, String serverKey) {
        return new Notification(Native.midtransVerifyNotification(body, Qris.utf8(serverKey, "serverKey"), null, null));
    }

    /** As above, and that it is for your order and amount ({@link NotificationMismatch} otherwise). */
    public static Notification verifyNotification(byte[] body, String serverKey, String orderId, java.math.BigDecimal amount) {
        return new Notification(Native.midtransVerifyNotification(body, Qris.utf8(serverKey, "serverKey"),
            java.util.Objects.requireNonNull(orderId, "orderId"), java.util.Objects.requireNonNull(amount, "amount").toPlainString()));
    }

    /** Checks a signature_key (hex, either case) in constant time; throws {@link InvalidSignature}. */
    public static void verifySignatureKey(String orderId, String statusCode, String grossAmount, String serverKey,
                                          String signatureKey) {
        Native.verifySignatureKey(orderId, statusCode, grossAmount, Qris.utf8(serverKey, "serverKey"), signatureKey);
    }
}
