package id.qris;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * QRIS payloads: parse, validate, convert, CRC; SNAP bodies: minify and hash. The Rust
 * engine through JNI: every method is thread-safe, errors are {@link QrisException}s with
 * a code, offset and path.
 *
 * <pre>{@code
 * Payload p = Qris.parse(sticker);            // ParseException / CrcException
 * p.merchantName(); p.nmid(); p.get("62.07");
 * String dynamic = Qris.toDynamic(sticker, new BigDecimal("17000"), DynamicOptions.none().terminal("K2"));
 * List<Diagnostic> problems = Qris.validate(dynamic);
 * }</pre>
 */
public final class Qris {
    private Qris() {}

    /** The engine's version. */
    public static String version() { return Native.version(); }

    /** Parses a payload leniently (structure and CRC). */
    public static Payload parse(String payload) { return parse(payload, false); }

    /** Parses a payload; {@code strict}: no surrounding whitespace, uppercase CRC. */
    public static Payload parse(String payload, boolean strict) {
        return new Payload(payload, strict, Native.parse(payload, strict));
    }

    /** Every problem under the QRIS rules; never throws for a bad payload. */
    public static List<Diagnostic> validate(String payload) { return validate(payload, false); }

    public static List<Diagnostic> validate(String payload, boolean strict) {
        return Diagnostic.fromFlat(Native.validate(payload, strict));
    }

    /** Whether a payload passes the QRIS rules (warnings allowed). */
    public static boolean isValid(String payload) { return Native.isValid(payload, false); }

    public static boolean isValid(String payload, boolean strict) { return Native.isValid(payload, strict); }

    /** {@link #validate(String)} for many payloads on all cores, in order. */
    public static List<List<Diagnostic>> validateMany(List<String> payloads) { return validateMany(payloads, false); }

    public static List<List<Diagnostic>> validateMany(List<String> payloads, boolean strict) {
        String[][] flat = Native.validateMany(payloads.toArray(new String[0]), strict);
        List<List<Diagnostic>> out = new ArrayList<>(flat.length);
        for (String[] f : flat) out.add(Diagnostic.fromFlat(f));
        return Collections.unmodifiableList(out);
    }

    /** A dynamic code for {@code amount} (a decimal string such as "17000" or "98.73"). */
    public static String toDynamic(String payload, String amount) { return toDynamic(payload, amount, DynamicOptions.none()); }

    /** A dynamic code for {@code amount} (never a double: money is decimal). */
    public static String toDynamic(String payload, BigDecimal amount) {
        return toDynamic(payload, amount, DynamicOptions.none());
    }

    public static String toDynamic(String payload, BigDecimal amount, DynamicOptions options) {
        return toDynamic(payload, Objects.requireNonNull(amount, "amount").toPlainString(), options);
    }

    public static String toDynamic(String payload, String amount, DynamicOptions options) {
        DynamicOptions o = Objects.requireNonNull(options, "options");
        return Native.toDynamic(payload, amount, o.tipPrompt, o.feeFixed, o.feePercent, o.bill, o.reference,
            o.terminal, o.force);
    }

    /** A static code from a dynamic one. */
    public static String toStatic(String payload) { return Native.toStatic(payload, false); }

    public static String toStatic(String payload, boolean force) { return Native.toStatic(payload, force); }

    /** CRC16-CCITT-FALSE of the text's UTF-8, as four uppercase hex digits. */
    public static String crc16(String text) { return crc16(utf8(text, "text")); }

    /** CRC16-CCITT-FALSE of the bytes, as four uppercase hex digits. */
    public static String crc16(byte[] data) {
        int crc = Native.crc16(data);
        char[] out = new char[4];
        for (int i = 3; i >= 0; i--, crc >>>= 4) out[i] = HEX[crc & 0xF];
        return new String(out);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Lexically minified JSON (whitespace outside strings removed). */
    public static byte[] minify(byte[] body) { return Native.minify(body); }

    public static byte[] minify(String body) { return Native.minify(utf8(body, "body")); }

    /** The SNAP body hash: lowercase hex SHA-256 of the minified body. */
    public static String bodyHash(byte[] body) { return Native.bodyHash(body); }

    public static String bodyHash(String body) { return Native.bodyHash(utf8(body, "body")); }

    /** UTF-8, refusing lone surrogates (Java's encoder would write '?' for them). */
    static byte[] utf8(String s, String what) {
        Objects.requireNonNull(s, what);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ParseException(what + " is not valid Unicode (a lone surrogate at char " + i + ")",
                    "input.utf8", i, "");
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
