package id.qris;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notifications (forgeries must never deliver), acknowledgements, the replay guard, response codes. */
class ProtocolTest {
    static final String SERVER_KEY = "askvnoibnosifnboseofinbofinfgbiufglnbfg";

    static String sha512(String s) throws Exception {
        StringBuilder b = new StringBuilder();
        for (byte x : MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8))) b.append(String.format("%02x", x));
        return b.toString();
    }

    static byte[] note(String orderId, String statusCode, String amount, String status) throws Exception {
        String key = sha512(orderId + statusCode + amount + SERVER_KEY);
        return ("{\"order_id\":\"" + orderId + "\",\"status_code\":\"" + statusCode + "\",\"gross_amount\":\"" + amount
            + "\",\"signature_key\":\"" + key + "\",\"transaction_status\":\"" + status + "\",\"fraud_status\":\"accept\"}")
            .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void midtransNotifications() throws Exception {
        Notification paid = Midtrans.verifyNotification(note("1111", "200", "100000.00", "settlement"), SERVER_KEY);
        assertEquals("1111", paid.orderId().orElseThrow());
        assertEquals("100000.00", paid.amount().orElseThrow());
        assertEquals("200", paid.statusCode().orElseThrow());
        assertEquals("paid", paid.outcome());
        assertTrue(paid.deliver());
        assertTrue(paid.idempotencyKey().isPresent());
        assertFalse(Midtrans.verifyNotification(note("1111", "201", "100000.00", "pending"), SERVER_KEY).deliver());
        assertEquals("expired", Midtrans.verifyNotification(note("1111", "407", "100000.00", "expire"), SERVER_KEY).outcome());
        assertThrows(InvalidSignature.class, () -> Midtrans.verifyNotification(note("1111", "200", "100000.00", "settlement"), "wrong-key"));
        assertThrows(QrisException.class, () -> Midtrans.verifyNotification("{not json".getBytes(StandardCharsets.UTF_8), SERVER_KEY));
        // A genuine expire relabelled "settlement" never delivers.
        String relabelled = new String(note("order102", "407", "789000.00", "expire"), StandardCharsets.UTF_8).replace("\"expire\"", "\"settlement\"");
        assertFalse(Midtrans.verifyNotification(relabelled.getBytes(StandardCharsets.UTF_8), SERVER_KEY).deliver());
        byte[] body = note("order102", "200", "789000.00", "settlement");
        assertTrue(Midtrans.verifyNotification(body, SERVER_KEY, "order102", new BigDecimal("789000")).deliver());
        assertThrows(NotificationMismatch.class, () -> Midtrans.verifyNotification(body, SERVER_KEY, "order103", new BigDecimal("789000")));
        assertThrows(NotificationMismatch.class, () -> Midtrans.verifyNotification(body, SERVER_KEY, "order102", new BigDecimal("789000.01")));
        String dup = new String(body, StandardCharsets.UTF_8).replace("{", "{\"transaction_status\":\"expire\",");
        QrisException e = assertThrows(QrisException.class, () -> Midtrans.verifyNotification(dup.getBytes(StandardCharsets.UTF_8), SERVER_KEY));
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    }

    static Map<String, Object> demo() { return SnapTest.vector("midtrans_demo_notification_verification"); }

    @Test
    void snapNotificationVerifiedAndAcknowledged() {
        Map<String, Object> v = demo();
        String sts = (String) v.get("string_to_sign");
        String ts = sts.split(":", 4)[3];
        assertEquals("2024-05-02T14:43:08+07:00", ts);
        long sentAt = 1714635788L;
        byte[] body = ((String) v.get("minified_body")).getBytes(StandardCharsets.UTF_8);
        String sig = (String) v.get("expected");
        try (PublicKey key = PublicKey.fromPem(SnapTest.PUBLIC)) {
            Notification n = Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, sentAt);
            assertEquals("GP24043015193402809", n.orderId().orElseThrow());
            assertEquals("102800.00", n.amount().orElseThrow());
            assertEquals("00", n.status());
            assertEquals("paid", n.outcome());
            assertTrue(n.deliver());
            assertEquals(200, n.ackStatus());
            assertTrue(n.ackBody().contains("\"2005600\""), n.ackBody());
            InvalidTimestamp late = assertThrows(InvalidTimestamp.class,
                () -> Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, sentAt + 3600));
            assertEquals(401, late.ackStatus());
            assertTrue(late.ackBody().contains("\"4015600\""), late.ackBody());
            InvalidSignature other = assertThrows(InvalidSignature.class,
                () -> Snap.verifyNotification(key, "POST", "/v1.0/qr/qr-mpm-notify", body, ts, sig, 300, sentAt));
            assertTrue(other.ackBody().contains("\"4015200\""), other.ackBody());
            // Without now: the clock says 2024 is stale.
            assertThrows(InvalidTimestamp.class, () -> Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig));
        }
    }

    @Test
    void replayGuardAcceptsOnceAndAStoreOfYourOwn() {
        Map<String, Object> v = demo();
        String ts = ((String) v.get("string_to_sign")).split(":", 4)[3];
        byte[] body = ((String) v.get("minified_body")).getBytes(StandardCharsets.UTF_8);
        String sig = (String) v.get("expected");
        long now = 1714635788L;
        try (PublicKey key = PublicKey.fromPem(SnapTest.PUBLIC); ReplayGuard guard = new ReplayGuard()) {
            assertTrue(Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, now, guard, "G099333790", "E1").deliver());
            NotificationReplayed again = assertThrows(NotificationReplayed.class,
                () -> Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, now, guard, "G099333790", "E1"));
            assertEquals(409, again.ackStatus());
            assertTrue(again.ackBody().contains("\"4095600\""));
            // X-EXTERNAL-ID is not signed: the same notification under another one is still a replay.
            for (String ext : new String[] {"E2", "attacker-chosen"}) {
                assertThrows(NotificationReplayed.class,
                    () -> Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, now, guard, "G099333790", ext));
            }
            assertThrows(QrisException.class,
                () -> Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, now, guard, "P", null));

            Map<String, Long> seen = new HashMap<>();
            List<Object[]> calls = new ArrayList<>();
            ReplayStore store = (k, n, exp) -> {
                calls.add(new Object[] {k, n, exp});
                if (seen.getOrDefault(k, n) > n) return false;
                seen.put(k, exp);
                return true;
            };
            assertTrue(Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, now, store, "P", "X1").deliver());
            assertEquals("snap-msg", ((String) calls.get(0)[0]).split(":")[0]);
            assertEquals("snap-id", ((String) calls.get(1)[0]).split(":")[0]);
            // The ID is kept until the end of the day in Jakarta: 2024-05-03T00:00:00+07:00.
            assertEquals(1714669200L, calls.get(1)[2]);
            assertThrows(NotificationReplayed.class,
                () -> Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, now, store, "P", "X1"));
            // A store that fails refuses the notification (500), never delivers.
            ReplayStore broken = (k, n, exp) -> { throw new IllegalStateException("redis down"); };
            QrisException e = assertThrows(QrisException.class,
                () -> Snap.verifyNotification(key, "POST", "/v1.0/debit/notify", body, ts, sig, 300, now, broken, "P", "Z"));
            assertFalse(e instanceof NotificationReplayed);
            assertEquals(500, e.ackStatus());
        }
    }

    @Test
    void responseCodes() {
        ResponseCode rc = ResponseCode.parse("2004700");
        assertEquals(200, rc.http());
        assertEquals(47, rc.service().orElseThrow());
        assertEquals(0, rc.caseCode().orElseThrow());
        assertTrue(rc.isSuccess());
        assertEquals("no", rc.retry());
        assertEquals("check_status", ResponseCode.parse("2025600").retry());
        assertEquals("never", ResponseCode.parse("4035414").retry());
        assertTrue(ResponseCode.parse("200").service().isEmpty());
        assertThrows(QrisException.class, () -> ResponseCode.parse("20054000"));
    }
}
