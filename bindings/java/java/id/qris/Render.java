package id.qris;

import java.nio.charset.StandardCharsets;

/**
 * QR images of a payload, checked by the payload engine first (a broken payload throws its
 * {@link ParseException} / {@link CrcException}) unless forced. {@code ecc}: "L", "M", "Q" or "H".
 */
public final class Render {
    private Render() {}

    /** An SVG document (one path, 4-module quiet zone, scales to any size). */
    public static String svg(String payload) { return svg(payload, "M", null, false); }

    /** With a caption under the code (e.g. the merchant's name), or null. */
    public static String svg(String payload, String ecc, String caption, boolean force) {
        return new String(Native.render(payload, "svg", ecc, 0, caption, force), StandardCharsets.UTF_8);
    }

    /** A 1-bit grayscale PNG, {@code scale} (1..64) pixels per module. */
    public static byte[] png(String payload, int scale) { return png(payload, scale, "M", false); }

    public static byte[] png(String payload, int scale, String ecc, boolean force) {
        return Native.render(payload, "png", ecc, scale, null, force);
    }

    /** The printer's paper. */
    public enum Paper {
        /** 58 mm, 384 dots. */ MM58,
        /** 80 mm, 576 dots. */ MM80
    }

    /** ESC/POS raster bytes ({@code GS v 0}) printing the code centred on thermal paper: write them as they are. */
    public static byte[] escpos(String payload, Paper paper) { return escpos(payload, paper, "M", false); }

    public static byte[] escpos(String payload, Paper paper, String ecc, boolean force) {
        return Native.render(payload, paper == Paper.MM80 ? "escpos80" : "escpos58", ecc, 0, null, force);
    }
}
