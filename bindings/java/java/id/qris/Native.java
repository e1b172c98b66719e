package id.qris;

/** The native methods (bindings/java/src/lib.rs). Results cross as flat String arrays. */
final class Native {
    static {
        NativeLoader.load();
    }

    private Native() {}

    static native String version();
    static native String[] parse(String payload, boolean strict);
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
}
