package id.qris;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HostileTest {
    static final String DANA = PayloadTest.DANA;

    @Test
    void hostileInputIsAQrisExceptionNeverACrash() {
        String[] hostile = {"", " ", "0".repeat(100_000), "00", "0002", "000201".repeat(700), "\u0000".repeat(50),
            "\uff16\uff13\uff10\uff14ABCD", "%20".repeat(20), DANA.substring(0, DANA.length() - 1), DANA + "\ud800",
            "\udc00", "\ud83d\ude00" + DANA};
        for (String s : hostile) {
            try {
                Qris.parse(s);
            } catch (QrisException e) {
                assertNotNull(e.code());
            }
            Qris.validate(s);
            Qris.isValid(s);
            try {
                Qris.toDynamic(s, "1");
            } catch (QrisException e) {
                assertNotNull(e.code());
            }
        }
        Random r = new Random(20261201);
        for (int n = 0; n < 2000; n++) {
            char[] c = new char[r.nextInt(300)];
            for (int i = 0; i < c.length; i++) c[i] = (char) (r.nextInt(4) == 0 ? r.nextInt(0x10000) : '0' + r.nextInt(75));
            String s = new String(c);
            try {
                Qris.parse(s);
            } catch (QrisException e) {
                assertFalse(e.code().isEmpty());
            }
            Qris.validate(s);
        }
    }

    @Test
    void loneSurrogatesAreRefusedNotReplaced() {
        ParseException e = assertThrows(ParseException.class, () -> Qris.parse(DANA + "\ud800"));
        assertEquals("input.utf8", e.code());
        assertEquals(DANA.length(), e.offset());
        assertEquals("input.utf8", Qris.validate("\udc00").get(0).code());
        assertFalse(Qris.isValid(DANA + "\ud800"));
        assertThrows(ParseException.class, () -> Qris.minify("{\"a\":\"\ud800\"}"));
        assertThrows(ParseException.class, () -> Qris.crc16("\udfff"));
        // A pair is fine.
        assertEquals(1, Qris.validateMany(List.of("\ud83d\ude00")).size());
    }

    @Test
    void nullsAreClearErrors() {
        assertEquals("input.null", assertThrows(QrisException.class, () -> Qris.parse(null)).code());
        assertEquals("input.null", assertThrows(QrisException.class, () -> Qris.validate(null)).code());
        assertThrows(NullPointerException.class, () -> Qris.minify((String) null));
        assertThrows(NullPointerException.class, () -> Qris.toDynamic(DANA, (java.math.BigDecimal) null));
        assertEquals("input.null", assertThrows(QrisException.class, () -> Qris.toDynamic(DANA, (String) null)).code());
        assertEquals("input.null", assertThrows(QrisException.class, () -> Qris.parse(DANA).get(null)).code());
    }

    @Test
    void eightThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int seed = t;
                jobs.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 2000; i++) {
                        String amount = Integer.toString(1000 + seed * 10_000 + i);
                        String d = Qris.toDynamic(DANA, amount);
                        Payload p = Qris.parse(d);
                        if (p.amount().orElseThrow().equals(amount) && Qris.isValid(d) && p.nmid().isPresent()) ok++;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> j : jobs) assertEquals(2000, j.get());
        } finally {
            pool.shutdown();
        }
    }
}
