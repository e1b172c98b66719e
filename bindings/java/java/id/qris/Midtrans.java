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

    /** Checks a signature_key (hex, either case) in constant time; throws {@link InvalidSignature}. */
    public static void verifySignatureKey(String orderId, String statusCode, String grossAmount, String serverKey,
                                          String signatureKey) {
        Native.verifySignatureKey(orderId, statusCode, grossAmount, Qris.utf8(serverKey, "serverKey"), signatureKey);
    }
}
