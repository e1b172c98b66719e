package id.qris;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * QR codes read back from photos and screenshots (PNG or JPEG files, or raw pixels), each
 * checked by the payload engine; and the sticker check: is the code on this counter the
 * merchant's own? Images over 40 megapixels are refused.
 */
public final class Scan {
    private Scan() {}

    /** Every QR code in a PNG or JPEG file, in reading order; throws {@link ImageError}. */
    public static List<Code> file(byte[] image) { return codes(Native.scanFile(image, null, null, null, null)); }

    /**
     * Every QR code in raw pixels: {@code format} "gray", "rgb", "rgba", "bgr" or "bgra";
     * {@code stride} in bytes per row (0 for packed rows).
     */
    public static List<Code> pixels(byte[] pixels, int width, int height, int stride, String format) {
        return codes(Native.scanPixels(pixels, width, height, stride, format));
    }

    /**
     * The sticker check: {@code "match"} only when a valid QRIS code carries this NMID (51.02),
     * and the PAN, name and city when given (null: not compared); else {@code "mismatch"},
     * {@code "not_qris"} or {@code "unreadable"}. Only the fields given are compared: give the
     * registered PAN to catch a code that keeps the NMID and reroutes the money.
     */
    public static Sticker sticker(byte[] image, String nmid, String pan, String name, String city) {
        String[] f = Native.scanFile(image, java.util.Objects.requireNonNull(nmid, "nmid"), pan, name, city);
        return new Sticker(f[0], f[1], codes(f));
    }

    private static List<Code> codes(String[] f) {
        List<Code> out = new ArrayList<>();
        for (int i = 2; i + 6 <= f.length; i += 6) out.add(new Code(f[i], f[i + 1], f[i + 2], "1".equals(f[i + 3]), f[i + 4]));
        return Collections.unmodifiableList(out);
    }

    /** A code found in an image. */
    public static final class Code {
        private final String text, shown, kind, corners;
        private final boolean valid;

        Code(String text, String shown, String kind, boolean valid, String corners) {
            this.text = text;
            this.shown = shown;
            this.kind = kind;
            this.valid = valid;
            this.corners = corners;
        }

        /** The code's text as read (for a CPM code, card data: pass it on, never log it). */
        public String text() { return text; }
        /** The text safe to show or log (a CPM code's card number masked). */
        public String shownText() { return shown; }
        /** {@code "qris"}, {@code "emv"}, {@code "cpm"} or {@code "other"}. */
        public String kind() { return kind; }
        /** Whether it passes its rules (QRIS, EMVCo or CPM). */
        public boolean isValid() { return valid; }
        /** The four corners in the upright image, "x,y" each. */
        public List<String> corners() { return Collections.unmodifiableList(java.util.Arrays.asList(corners.split(" "))); }

        @Override public String toString() { return "Scan.Code(" + kind + ", valid=" + valid + ", " + shown + ")"; }
    }

    /** The sticker check's answer. */
    public static final class Sticker {
        private final String verdict, message;
        private final List<Code> codes;

        Sticker(String verdict, String message, List<Code> codes) {
            this.verdict = verdict;
            this.message = message;
            this.codes = codes;
        }

        /** {@code "match"}, {@code "mismatch"}, {@code "not_qris"} or {@code "unreadable"}. */
        public String verdict() { return verdict; }
        public boolean isMatch() { return "match".equals(verdict); }
        /** What was compared and what differs, in words. */
        public String message() { return message; }
        public List<Code> codes() { return codes; }
        public Optional<Code> first() { return codes.stream().findFirst(); }

        @Override public String toString() { return "Scan.Sticker(" + verdict + ": " + message + ")"; }
    }
}
