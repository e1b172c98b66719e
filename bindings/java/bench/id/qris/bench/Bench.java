package id.qris.bench;

import id.qris.HmacSigner;
import id.qris.PrivateKey;
import id.qris.PublicKey;
import id.qris.Qris;
import id.qris.Snap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The jar against the JDK doing the same work, in one JVM run: a warmed-up loop per row
 * (JMH is not reachable here), the median of 7 timed loops of ~0.2 s. Every pair is
 * checked to give the same answer first.
 *
 *   java -cp qris.jar:bench-classes id.qris.bench.Bench REPO_ROOT [--markdown OUT]
 */
public final class Bench {
    static final String DANA = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";
    static long sink;

    static double nsPerCall(Supplier<Object> f) {
        long until = System.nanoTime() + 1_000_000_000L; // warm-up: 1 s (C2 compiles the loop)
        while (System.nanoTime() < until) sink += f.get().hashCode();
        int loops = 1;
        while (true) {
            long t = System.nanoTime();
            for (int i = 0; i < loops; i++) sink += f.get().hashCode();
            long dt = System.nanoTime() - t;
            if (dt > 50_000_000L) { loops = (int) Math.max(1, loops * 200_000_000L / dt); break; }
            loops *= 4;
        }
        double[] s = new double[7];
        for (int r = 0; r < 7; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < loops; i++) sink += f.get().hashCode();
            s[r] = (System.nanoTime() - t) / (double) loops;
        }
        java.util.Arrays.sort(s);
        return s[3];
    }

    /** A lexical JSON minify a Java developer would write: whitespace outside strings removed. */
    static byte[] minify(String body) {
        StringBuilder b = new StringBuilder(body.length());
        boolean str = false, esc = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (str) {
                b.append(c);
                if (esc) esc = false; else if (c == '\\') esc = true; else if (c == '"') str = false;
            } else if (c == '"') { str = true; b.append(c); }
            else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') b.append(c);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String hex(byte[] d) {
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = Character.forDigit((d[i] >> 4) & 0xF, 16);
            out[2 * i + 1] = Character.forDigit(d[i] & 0xF, 16);
        }
        return new String(out);
    }

    /** Plain-Java TLV walk + CRC16-CCITT-FALSE (table): what a hand-written parser does. */
    static final int[] TABLE = new int[256];
    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 8;
            for (int k = 0; k < 8; k++) c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
            TABLE[i] = c & 0xFFFF;
        }
    }

    static String javaParseName(String s) {
        int crc = 0xFFFF;
        int n = s.length() - 4;
        for (int i = 0; i < n; i++) crc = ((crc << 8) ^ TABLE[((crc >> 8) ^ s.charAt(i)) & 0xFF]) & 0xFFFF;
        if (Integer.parseInt(s.substring(n), 16) != crc) throw new IllegalArgumentException("crc");
        String name = null;
        int i = 0;
        while (i + 4 <= s.length()) {
            int id = Integer.parseInt(s.substring(i, i + 2));
            int len = Integer.parseInt(s.substring(i + 2, i + 4));
            if (i + 4 + len > s.length()) throw new IllegalArgumentException("truncated");
            if (id == 59) name = s.substring(i + 4, i + 4 + len);
            i += 4 + len;
        }
        if (i != s.length()) throw new IllegalArgumentException("trailing");
        return name;
    }

    public static void main(String[] args) throws Exception {
        String root = args[0];
        String pem = new String(Files.readAllBytes(Paths.get(root, "tests/vectors/midtrans-doc-private-pkcs8.pem")), StandardCharsets.UTF_8);
        String pubPem = new String(Files.readAllBytes(Paths.get(root, "tests/vectors/midtrans-doc-public-spki.pem")), StandardCharsets.UTF_8);
        String body = new String(Files.readAllBytes(Paths.get(root, "benches/inputs/snap-body-pretty.json")), StandardCharsets.UTF_8);
        String ts = "2024-03-19T14:30:00+07:00";
        String token = "gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a";
        List<String[]> rows = new ArrayList<>();

        // parse + CRC + merchant name.
        if (!javaParseName(DANA).equals(Qris.parse(DANA).merchantName().orElseThrow())) throw new AssertionError("parse");
        rows.add(row("parse + CRC + merchant name", "qris (JNI)", nsPerCall(() -> Qris.parse(DANA).merchantName())));
        rows.add(row("parse + CRC + merchant name", "plain-Java TLV loop + table CRC", nsPerCall(() -> javaParseName(DANA))));
        rows.add(row("QRIS validation (all rules)", "qris isValid (JNI)", nsPerCall(() -> Qris.isValid(DANA))));

        // HMAC-SHA512 request signature.
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec("myclientsecret".getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Supplier<Object> jdkHmac = () -> {
            String s = "POST:/v1.0/qr/qr-mpm-generate:" + token + ":" + hex(sha.digest(minify(body))) + ":" + ts;
            return Base64.getEncoder().encodeToString(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
        };
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        try (HmacSigner signer = new HmacSigner("myclientsecret")) {
            String ours = signer.sign("POST", "/v1.0/qr/qr-mpm-generate", token, bodyBytes, ts, false);
            if (!ours.equals(jdkHmac.get())) throw new AssertionError("hmac differs");
            rows.add(row("HMAC-SHA512 request signature (" + bodyBytes.length + " B body)", "qris HmacSigner (JNI)",
                nsPerCall(() -> signer.sign("POST", "/v1.0/qr/qr-mpm-generate", token, bodyBytes, ts, false))));
        }
        rows.add(row("HMAC-SHA512 request signature (" + bodyBytes.length + " B body)", "javax.crypto.Mac + Java minify + SHA-256", nsPerCall(jdkHmac)));

        // SHA256withRSA.
        KeyFactory kf = KeyFactory.getInstance("RSA");
        java.security.PrivateKey jdkKey = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        java.security.PublicKey jdkPub = kf.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pubPem.replaceAll("-----[A-Z ]+-----", ""))));
        String toSign = "POST:/v1.0/debit/notify:" + hex(sha.digest(minify(body))) + ":" + ts;
        Supplier<Object> jdkSign = () -> {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(jdkKey);
                s.update(toSign.getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(s.sign());
            } catch (Exception e) { throw new RuntimeException(e); }
        };
        try (PrivateKey key = PrivateKey.fromPem(pem); PublicKey pub = PublicKey.fromPem(pubPem)) {
            String ours = Snap.signRsa(key, "POST", "/v1.0/debit/notify", bodyBytes, ts, false);
            if (!ours.equals(jdkSign.get())) throw new AssertionError("rsa differs");
            rows.add(row("SHA256withRSA-2048 sign", "qris (JNI)", nsPerCall(() -> Snap.signRsa(key, "POST", "/v1.0/debit/notify", bodyBytes, ts, false))));
            rows.add(row("SHA256withRSA-2048 sign", "java.security.Signature", nsPerCall(jdkSign)));
            byte[] raw = Base64.getDecoder().decode(ours);
            rows.add(row("SHA256withRSA-2048 verify", "qris (JNI)", nsPerCall(() -> {
                Snap.verifyRsa(pub, "POST", "/v1.0/debit/notify", bodyBytes, ts, ours, Long.MAX_VALUE / 4, null);
                return Boolean.TRUE;
            })));
            rows.add(row("SHA256withRSA-2048 verify", "java.security.Signature", nsPerCall(() -> {
                try {
                    Signature s = Signature.getInstance("SHA256withRSA");
                    s.initVerify(jdkPub);
                    s.update(toSign.getBytes(StandardCharsets.UTF_8));
                    return s.verify(raw);
                } catch (Exception e) { throw new RuntimeException(e); }
            })));
        }

        // The JNI crossing itself: a native call doing (almost) nothing.
        byte[] empty = new byte[0];
        rows.add(row("JNI overhead per call", "Qris.crc16(new byte[0]) (one crossing, one array read)", nsPerCall(() -> Qris.crc16(empty))));
        rows.add(row("JNI overhead per call", "Qris.version() (one crossing, one string made)", nsPerCall(Qris::version)));

        StringBuilder md = new StringBuilder("| benchmark | implementation | per call |\n|---|---|---|\n");
        for (String[] r : rows) md.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n");
        System.out.print(md);
        if (args.length > 2 && args[1].equals("--markdown")) Files.write(Paths.get(args[2]), md.toString().getBytes(StandardCharsets.UTF_8));
        if (sink == 42) System.out.println();
    }

    static String[] row(String group, String name, double ns) {
        String t = ns >= 1000 ? String.format("%.2f us", ns / 1000) : String.format("%.0f ns", ns);
        System.err.println(group + " / " + name + ": " + t);
        return new String[] {group, name, t};
    }
}
