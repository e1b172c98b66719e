package id.qris;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** SNAP and Midtrans signatures against the published vectors, the JDK doing the same work, and forgeries. */
class SnapTest {
    static final String PRIVATE = Vectors.read("tests/vectors/midtrans-doc-private-pkcs8.pem");
    static final String PUBLIC = Vectors.read("tests/vectors/midtrans-doc-public-spki.pem");

    static Map<String, Object> vector(String name) {
        for (Object o : Vectors.list(Vectors.map(Vectors.json("tests/vectors/snap-public.json")).get("snap"))) {
            Map<String, Object> v = Vectors.map(o);
            if (name.equals(v.get("name"))) return v;
        }
        throw new AssertionError("no vector " + name);
    }

    @Test
    void hmacPublishedVectorWindowAndForgeries() throws Exception {
        Map<String, Object> v = vector("midtrans_demo_symmetric_qris");
        String secret = (String) v.get("client_secret");
        String body = (String) v.get("minified_body");
        String ts = "2024-03-05T10:37:16.196Z";
        String sig = Snap.signHmac(secret, "POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", body, ts);
        assertEquals(v.get("expected"), sig);
        // javax.crypto over the documented string to sign gives the same bytes.
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        assertEquals(sig, Base64.getEncoder().encodeToString(mac.doFinal(((String) v.get("string_to_sign")).getBytes(StandardCharsets.UTF_8))));
        long sentAt = 1709635036L;
        try (HmacSigner s = new HmacSigner(secret)) {
            assertEquals(sig, s.sign("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", body, ts));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String hex = s.sign("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", b, ts, true);
            s.verify("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", b, ts, sig, 300, sentAt);
            s.verify("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", b, ts, hex, 300, sentAt);
            assertThrows(InvalidSignature.class, () -> s.verify("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", b,
                "2024-03-05T10:37:17.196Z", sig, 300, sentAt));
            assertThrows(InvalidSignature.class, () -> s.verify("POST", "/v1.0/qr/qr-mpm-generate", "other-token", b, ts, sig, 300, sentAt));
            assertThrows(InvalidTimestamp.class, () -> s.verify("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", b, ts, sig, 300, sentAt + 301));
            s.verify("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", b, ts, sig, 400, sentAt + 301);
            // Without `now`: the clock says the 2024 request is stale.
            assertThrows(InvalidTimestamp.class, () -> s.verify("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", body, ts, sig));
            assertThrows(JsonException.class, () -> s.sign("POST", "/p", "t", "{bad", ts));
        }
        assertEquals("secret.empty", assertThrows(QrisException.class, () -> new HmacSigner("  ")).code());
        HmacSigner closed = new HmacSigner(secret);
        closed.close();
        closed.close();
        assertEquals("closed", assertThrows(QrisException.class, () -> closed.sign("POST", "/p", "t", "{}", ts)).code());
        assertTrue(closed.toString().contains("REDACTED"));
    }

    @Test
    void rsaB2bAndNotificationSignatures() throws Exception {
        try (PrivateKey key = PrivateKey.fromPem(PRIVATE); PublicKey pub = PublicKey.fromPem(PUBLIC)) {
            assertEquals(2048, key.bits());
            assertTrue(key.toString().contains("REDACTED"));
            assertFalse(pub.isLegacy());
            Map<String, Object> b2b = vector("midtrans_docs_b2b_access_token");
            String clientId = (String) b2b.get("client_id"), ts = (String) b2b.get("timestamp");
            assertEquals(b2b.get("expected"), Snap.signB2b(key, clientId, ts));
            long at = 1690762200L;
            Snap.verifyB2b(pub, clientId, ts, (String) b2b.get("expected"), 300, at);
            assertThrows(InvalidSignature.class, () -> Snap.verifyB2b(pub, clientId + "x", ts, (String) b2b.get("expected"), 300, at));

            Map<String, Object> n = vector("midtrans_demo_notification_generation");
            String nts = "2024-03-05T10:37:16.196Z";
            String body = (String) n.get("minified_body");
            assertEquals("POST:/v1.0/debit/notify:" + n.get("body_sha256_lower_hex") + ":" + nts, n.get("string_to_sign"));
            String sig = Snap.signRsa(key, "POST", "/v1.0/debit/notify", body, nts);
            assertEquals(n.get("expected"), sig);
            // java.security.Signature over the documented string gives the same bytes.
            java.security.Signature jdk = java.security.Signature.getInstance("SHA256withRSA");
            jdk.initVerify(java.security.KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(PUBLIC.replaceAll("-----[A-Z ]+-----", "")))));
            jdk.update(((String) n.get("string_to_sign")).getBytes(StandardCharsets.UTF_8));
            assertTrue(jdk.verify(Base64.getDecoder().decode(sig)));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            Snap.verifyRsa(pub, "POST", "/v1.0/debit/notify", b, nts, sig, 300, 1709635036L);
            assertThrows(InvalidSignature.class, () -> Snap.verifyRsa(pub, "POST", "/v1.0/qr/notify", b, nts, sig, 300, 1709635036L));
            assertThrows(InvalidSignature.class, () -> Snap.verifyRsa(pub, "POST", "/v1.0/debit/notify", b, nts, "AAAA", 300, 1709635036L));
            assertThrows(JsonException.class, () -> Snap.verifyRsa(pub, "POST", "/v1.0/debit/notify",
                "{bad".getBytes(StandardCharsets.UTF_8), nts, sig, 300, 1709635036L));
        }
        assertThrows(InvalidKey.class, () -> PrivateKey.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
    }

    @Test
    void legacy1024BitProviderKeysOnlyWhenAllowed() {
        Map<String, Object> legacy = Vectors.map(Vectors.json("tests/vectors/legacy-rsa-openssl.json"));
        String pem = (String) legacy.get("public_1024");
        assertThrows(InvalidKey.class, () -> PublicKey.fromPem(pem));
        assertThrows(InvalidKey.class, () -> PrivateKey.fromPem((String) legacy.get("private_1024")));
        try (PublicKey pub = PublicKey.fromPem(pem, true)) {
            assertTrue(pub.isLegacy());
            assertEquals(1024, pub.bits());
            assertTrue(pub.warning().orElseThrow().startsWith("key.legacy_1024"));
            Map<String, Object> b2b = Vectors.map(legacy.get("b2b"));
            Snap.verifyB2b(pub, (String) b2b.get("client_id"), (String) b2b.get("timestamp"), (String) b2b.get("signature_1024"),
                Long.MAX_VALUE / 4, null);
        }
    }

    @Test
    void timestamps() {
        assertEquals("2024-03-19T14:30:00+07:00", Snap.formatTimestamp(1710833400L, 420, false));
        assertEquals("2024-03-19T07:30:00Z", Snap.formatTimestamp(1710833400L, 0, false));
        assertTrue(Snap.timestamp().endsWith("+07:00"));
        Snap.checkTimestamp(Snap.timestamp());
        Snap.checkTimestamp("2024-03-19T14:30:00+07:00", 300, 1710833400L + 299);
        assertThrows(InvalidTimestamp.class, () -> Snap.checkTimestamp("2024-03-19T14:30:00+07:00", 300, 1710833400L + 301));
        assertThrows(InvalidTimestamp.class, () -> Snap.checkTimestamp("19/03/2024 14:30"));
        assertThrows(QrisException.class, () -> Snap.formatTimestamp(-1, 420, false));
        assertThrows(QrisException.class, () -> Snap.checkTimestamp("2024-03-19T14:30:00+07:00", -1, null));
    }

    @Test
    void midtransSignatureKeyPublished() throws Exception {
        for (Object o : Vectors.list(Vectors.map(Vectors.json("tests/vectors/snap-public.json")).get("midtrans_signature_key"))) {
            Map<String, Object> m = Vectors.map(o);
            String order = (String) m.get("order_id"), status = (String) m.get("status_code");
            String gross = (String) m.get("gross_amount"), server = (String) m.get("server_key");
            if (((String) m.get("name")).startsWith("NEGATIVE")) {
                // "789000" is not Midtrans' form ("789000.00"): refused, not hashed.
                QrisException e = assertThrows(QrisException.class, () -> Midtrans.signatureKey(order, status, gross, server));
                assertTrue(e.getMessage().contains("gross_amount"), e.getMessage());
                continue;
            }
            String key = Midtrans.signatureKey(order, status, gross, server);
            assertEquals(m.get("signature_key"), key, (String) m.get("name"));
            if (m.get("expected_published") != null) assertEquals(m.get("expected_published"), key);
            // The JDK's SHA-512 over the same concatenation.
            byte[] d = java.security.MessageDigest.getInstance("SHA-512").digest((order + status + gross + server).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte x : d) hex.append(String.format("%02x", x));
            assertEquals(hex.toString(), key);
        }
        List<Map<String, String>> rows = Vectors.tsv("tests/vectors/external/midtrans-signature-key.tsv");
        assertEquals(5, rows.size());
        for (Map<String, String> r : rows) {
            Runnable verify = () -> Midtrans.verifySignatureKey(r.get("order_id"), r.get("status_code"), r.get("gross_amount"),
                r.get("server_key"), r.get("signature_key"));
            // policy: uppercase hex is accepted.
            if (r.get("expected").equals("match") || r.get("expected").equals("policy")) verify.run();
            else assertThrows(QrisException.class, verify::run, r.get("source"));
        }
    }

    @Test
    void eightThreadsSigningAndVerifying() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (PrivateKey key = PrivateKey.fromPem(PRIVATE); PublicKey pub = PublicKey.fromPem(PUBLIC);
             HmacSigner hmac = new HmacSigner("myclientsecret")) {
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int seed = t;
                jobs.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 40; i++) {
                        String body = "{\"n\":" + (seed * 1000 + i) + "}";
                        String ts = Snap.formatTimestamp(1710833400L + i, 420, false);
                        String s = Snap.signRsa(key, "POST", "/v1.0/debit/notify", body, ts);
                        Snap.verifyRsa(pub, "POST", "/v1.0/debit/notify", body.getBytes(StandardCharsets.UTF_8), ts, s, 300, 1710833400L + i);
                        String h = hmac.sign("POST", "/p", "tok", body, ts);
                        hmac.verify("POST", "/p", "tok", body.getBytes(StandardCharsets.UTF_8), ts, h, 300, 1710833400L + i);
                        ok++;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> j : jobs) assertEquals(40, j.get());
        } finally {
            pool.shutdown();
        }
    }
}
