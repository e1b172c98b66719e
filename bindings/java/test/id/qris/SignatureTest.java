package id.qris;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureTest {
    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02x", x));
        return s.toString();
    }

    private static String sha256(String s) throws Exception {
        return hex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void minifyAndBodyHashPublishedAndPeersVectors() throws Exception {
        Map<String, Object> snap = Vectors.map(Vectors.json("tests/vectors/snap-public.json"));
        Map<String, Object> m = Vectors.map(snap.get("minify"));
        assertEquals(m.get("lexical_expected"), new String(Qris.minify((String) m.get("input")), StandardCharsets.UTF_8));
        assertEquals(snap.get("empty_body_sha256"), Qris.bodyHash(""));
        int n = 0;
        for (Object o : Vectors.list(Vectors.map(Vectors.json("tests/vectors/external/snap-minify.json")).get("pairs"))) {
            Map<String, Object> p = Vectors.map(o);
            String input = (String) p.get("input");
            String expected = (String) p.get("expected_minified");
            assertEquals(expected, new String(Qris.minify(input), StandardCharsets.UTF_8), (String) p.get("name"));
            assertEquals(sha256(expected), Qris.bodyHash(input), (String) p.get("name"));
            if (p.get("sha256_lower_hex_of_expected") != null) {
                assertEquals(p.get("sha256_lower_hex_of_expected"), Qris.bodyHash(input.getBytes(StandardCharsets.UTF_8)));
            }
            n++;
        }
        assertTrue(n >= 9, n + " pairs");
        JsonException e = assertThrows(JsonException.class, () -> Qris.minify("{bad"));
        assertEquals(1, e.offset());
        assertEquals("json", e.code());
    }

    @Test
    void crc16CheckValue() {
        assertEquals("29B1", Qris.crc16("123456789"));
        assertEquals("29B1", Qris.crc16("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("FFFF", Qris.crc16(new byte[0]));
    }
}
