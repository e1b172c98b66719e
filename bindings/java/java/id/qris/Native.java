package id.qris;

/** The native methods (bindings/java/src/lib.rs). Results cross as flat String arrays. */
final class Native {
    static {
        NativeLoader.load();
    }

    private Native() {}

    static native String version();
    static native int[] parse(String payload, boolean strict);
    static native String get(String payload, boolean strict, String path);
    static native String[] objects(String payload, boolean strict);
    static native String[] merchantAccounts(String payload, boolean strict);
    static native String[] validate(String payload, boolean strict);
    static native boolean isValid(String payload, boolean strict);
    static native String[][] validateMany(String[] payloads, boolean strict);
    static native String toDynamic(String payload, String amount, boolean tipPrompt, String feeFixed,
        String feePercent, String bill, String reference, String terminal, boolean force);
    static native String toStatic(String payload, boolean force);
    static native int crc16(byte[] data);
    static native byte[] minify(byte[] body);
    static native String bodyHash(byte[] body);

    static native boolean free(long handle);
    static native long handleCount();
    static native long hmacNew(byte[] secret);
    static native String hmacSign(long h, String method, String path, String token, byte[] body, String ts, boolean hex);
    static native boolean hmacVerify(long h, String method, String path, String token, byte[] body, String ts,
        String signature, long window, long now);
    static native long privateKeyLoad(byte[] data);
    static native long publicKeyLoad(byte[] data, boolean legacy1024);
    static native int keyBits(long h);
    static native String publicKeyWarning(long h);
    static native String rsaSign(long h, String method, String path, byte[] body, String ts, boolean hex);
    static native boolean rsaVerify(long h, String method, String path, byte[] body, String ts, String signature,
        long window, long now);
    static native String b2bSign(long h, String clientId, String ts, boolean hex);
    static native boolean b2bVerify(long h, String clientId, String ts, String signature, long window, long now);
    static native String timestamp(long unix, int offsetMinutes, boolean millis);
    static native boolean checkTimestamp(String ts, long window, long now);
    static native String canonicalUrl(String url);
    static native String signatureKey(String orderId, String statusCode, String gross, byte[] serverKey);
    static native byte[] render(String payload, String kind, String ecc, int scale, String caption, boolean force);
    static native String build(String base, String[] ops);
    static native String[] cpmParse(String code);
    static native String[] scanFile(byte[] image, String nmid, String pan, String name, String city);
    static native String[] scanPixels(byte[] pixels, int width, int height, int stride, String format);
    static native String[] cpmValidate(String code);
    static native long replayGuardNew(long maxBytes);
    static native String[] snapVerifyNotification(long key, String method, String path, byte[] body, String ts,
        String signature, long window, long now, long guard, ReplayStore store, String partnerId, String externalId);
    static native String[] midtransVerifyNotification(byte[] body, byte[] serverKey, String orderId, String amount);
    static native String[] responseCode(String code);
    static native boolean verifySignatureKey(String orderId, String statusCode, String gross, byte[] serverKey,
        String signatureKey);
}
