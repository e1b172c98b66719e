/* C tests: RSA keys and signatures, HMAC verification, Midtrans notifications,
 * rendering. Vectors from tests/vectors (QRIS_VECTORS_DIR is set by the harness). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libqris.h"

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); failures++; } } while (0)
#define S(lit) (const uint8_t *)(lit), strlen(lit)

static char *read_file(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", QRIS_VECTORS_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    char *buf = malloc(65536);
    *len = fread(buf, 1, 65536, f);
    fclose(f);
    return buf;
}

int main(void) {
    size_t len = 0, plen = 0;

    /* B2B token signature with the published Midtrans doc key. */
    char *pem = read_file("midtrans-doc-private-pkcs8.pem", &plen);
    qris_private_key *priv = NULL;
    CHECK(qris_private_key_load((const uint8_t *)pem, plen, &priv) == QRIS_RESULT_OK);
    uint8_t sig[512];
    CHECK(qris_rsa_sign_b2b(priv, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    const char *b2b = "iv5YorKVVFOFS59l0HChDvPe+HeoE/jY5CfVgCg5i16nj5/DVnKg49ilkv8PyeU7y38apHhgO+cUrvkfUs5BhDD69yLn7xp8hzN9RcR0UDy5+nCrQ3GGCVSzZJvlEXN+TB0j4Q6pMsjrq4+YRoyDa4mTlsjJTU9aGjLRFBYgY4MyMQ5x11JyLnoFwbS8TJ5e/q4mUozrp49VyHe7OQSFnJNwvMSFrDyAIxoOK0IZQIlY29PaDIFcWoR+RJAY42H2FryjJcPpNfeercbkj9jsBLV3wmEKiNoN6lgFFLk5QicDnAAQzL45s92EYeCqDNuTTJOydaJbUqEo1d/ZPVNBtQ==";
    CHECK(len == strlen(b2b) && memcmp(sig, b2b, len) == 0);
    /* A private key where a public key is needed. */
    qris_public_key *wrong = NULL;
    CHECK(qris_public_key_load((const uint8_t *)pem, plen, &wrong) == QRIS_RESULT_INVALID_KEY && wrong == NULL);
    qris_private_key_free(priv);
    qris_private_key_free(NULL);
    free(pem);

    /* A GoPay notification verified with the provider's public key (Midtrans demo). */
    char *pub_pem = read_file("midtrans-doc-public-spki.pem", &plen);
    qris_public_key *pub = NULL;
    CHECK(qris_public_key_load((const uint8_t *)pub_pem, plen, &pub) == QRIS_RESULT_OK);
    const char *body = "{\"originalPartnerReferenceNo\":\"GP24043015193402809\",\"originalReferenceNo\":\"A120240430081940S9vu8gSjaRID\",\"merchantId\":\"G099333790\",\"amount\":{\"value\":\"102800.00\",\"currency\":\"IDR\"},\"latestTransactionStatus\":\"00\",\"transactionStatusDesc\":\"SUCCESS\",\"additionalInfo\":{\"refundHistory\":[]}}";
    const char *x_sig = "RoJnP2tH/YiOhHM/lMVBMSAuzRmS8VrWdIy04Qqyb56daV7oWFMFoMMzqnjQ+q0MIUalYgU094GWQnCx2c29xb1kkqHhv2+iJ9xl6NjGmFGYqyvcKvUDAV83Y1Mw9JnsEcjcupdGw9/MRv/mm2GMrQ+BCZGfc4a46JDyPZbcY294vDGqs5rFBN6iYer5ro4cAQGo9hET2G82Y+j50vCyO/79GFE4vB1rvtu6PK2Bxi+vTYV8k7P7PS8tOPWM2O+kjiVWjwvLR99Botou+a8sxlQqZaihfWMKcByzV+Lgkr9cptpjys+1NIRWT1ad/sJBSLHyldzC3q2oRn5z5oZmyg==";
    const int64_t sent = 1714635788; /* 2024-05-02T14:43:08+07:00 */
    CHECK(qris_rsa_verify_request(pub, S("POST"), S("/v1.0/debit/notify"), S(body), S("2024-05-02T14:43:08+07:00"), S(x_sig), &sent, QRIS_DEFAULT_WINDOW_SECONDS) == QRIS_RESULT_OK);
    CHECK(qris_rsa_verify_request(pub, S("POST"), S("/v1.0/other/notify"), S(body), S("2024-05-02T14:43:08+07:00"), S(x_sig), &sent, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_rsa_verify_request(pub, S("POST"), S("/v1.0/debit/notify"), S("{bad"), S("2024-05-02T14:43:08+07:00"), S(x_sig), &sent, 300) == QRIS_RESULT_INVALID_JSON);
    /* The same genuine request today (the system clock): stale, refused. */
    CHECK(qris_rsa_verify_request(pub, S("POST"), S("/v1.0/debit/notify"), S(body), S("2024-05-02T14:43:08+07:00"), S(x_sig), NULL, 300) == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW);
    /* An absurd caller clock never makes a timestamp pass. */
    const int64_t absurd = INT64_MIN;
    CHECK(qris_rsa_verify_request(pub, S("POST"), S("/v1.0/debit/notify"), S(body), S("2024-05-02T14:43:08+07:00"), S(x_sig), &absurd, UINT64_MAX) == QRIS_RESULT_INVALID_ARGUMENT);
    qris_public_key_free(pub);
    free(pub_pem);

    /* HMAC verification (the SNAP demo vector). */
    qris_hmac_signer *signer = NULL;
    CHECK(qris_hmac_signer_new(S("myclientsecret"), &signer) == QRIS_RESULT_OK);
    const char *demo = "{\"partnerReferenceNo\":\"2020102900000000000001\",\"amount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"feeAmount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"merchantId\":\"00007100010926\",\"terminalId\":\"213141251124\",\"validityPeriod\":\"2009-07-03T12:08:56-07:00\"}";
    const char *demo_sig = "wmzT7yjg1SxxCsxNsFgCR9SYXiZGGbceF6fV8xe97sAMHxZ+7OEBMIBmvb6Sj6GcksGp3iv77DiomgSbcST3XQ==";
    const int64_t demo_time = 1709635036; /* 2024-03-05T10:37:16Z */
    CHECK(qris_hmac_verify_request(signer, S("POST"), S("/v1.0/qr/qr-mpm-generate"), S("Bearer myaccesstoken"), S(demo), S("2024-03-05T10:37:16.196Z"), S(demo_sig), &demo_time, 300) == QRIS_RESULT_OK);
    CHECK(qris_hmac_verify_request(signer, S("POST"), S("/v1.0/qr/qr-mpm-generate"), S("other"), S(demo), S("2024-03-05T10:37:16.196Z"), S(demo_sig), &demo_time, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_hmac_verify_request(signer, S("POST"), S("/v1.0/qr/qr-mpm-generate"), S("Bearer myaccesstoken"), S(demo), S("2024-03-05T10:37:16.196Z"), S(demo_sig), NULL, 300) == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW);
    qris_hmac_signer_free(signer);
    /* Empty or whitespace-only secrets would let anyone sign: refused. */
    qris_hmac_signer *blank = NULL;
    CHECK(qris_hmac_signer_new(NULL, 0, &blank) == QRIS_RESULT_EMPTY_SECRET && blank == NULL);
    CHECK(qris_hmac_signer_new(S(" \t\r\n"), &blank) == QRIS_RESULT_EMPTY_SECRET && blank == NULL);

    /* A Midtrans notification (the docs sample's signature_key): deliver? */
    const char *server_key = "askvnoibnosifnboseofinbofinfgbiufglnbfg";
    const char *note = "{\"order_id\":\"1111\",\"status_code\":\"%s\",\"gross_amount\":\"100000.00\",\"signature_key\":\"%.128s\",\"transaction_status\":\"%s\",\"fraud_status\":\"%s\"}";
    const char *docs_key = "edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231";
    char notification[512];
    qris_midtrans_notification n;
    memset(&n, 0, sizeof n);
    snprintf(notification, sizeof notification, note, "200", docs_key, "settlement", "accept");
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), NULL, &n) == QRIS_RESULT_OK);
    CHECK(n.outcome == QRIS_OUTCOME_PAID && n.deliver);
    /* The verified fields: what was paid, read from the signed data. */
    CHECK(strcmp(n.order_id, "1111") == 0 && n.order_id_len == 4);
    CHECK(strcmp(n.gross_amount, "100000.00") == 0 && n.amount_minor == 10000000u && strcmp(n.status_code, "200") == 0);
    /* Against the merchant's own record: the same order and amount, in any decimal form. */
    qris_midtrans_expected mine = {{(const uint8_t *)"1111", 4}, {(const uint8_t *)"100000", 6}};
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), &mine, &n) == QRIS_RESULT_OK && n.deliver);
    qris_midtrans_expected other_order = {{(const uint8_t *)"1112", 4}, {(const uint8_t *)"100000", 6}};
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), &other_order, &n) == QRIS_RESULT_MISMATCH);
    qris_midtrans_expected other_amount = {{(const uint8_t *)"1111", 4}, {(const uint8_t *)"100000.01", 9}};
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), &other_amount, &n) == QRIS_RESULT_MISMATCH);
    qris_midtrans_expected bad_amount = {{(const uint8_t *)"1111", 4}, {(const uint8_t *)"1e5", 3}};
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), &bad_amount, &n) == QRIS_RESULT_INVALID_ARGUMENT);
    /* The signed status_code (200) disagrees with "pending": unknown, not paid. */
    snprintf(notification, sizeof notification, note, "200", docs_key, "pending", "accept");
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), NULL, &n) == QRIS_RESULT_OK);
    CHECK(n.outcome == QRIS_OUTCOME_UNKNOWN && !n.deliver);
    CHECK(qris_midtrans_verify_notification(S(notification), S("wrong"), NULL, &n) == QRIS_RESULT_INVALID_SIGNATURE);
    /* Forgeries from a genuine expire (407) notification: relabelled settlement. */
    char expire_key[128];
    CHECK(qris_midtrans_signature_key(S("1111"), S("407"), S("100000.00"), S(server_key), expire_key) == QRIS_RESULT_OK);
    snprintf(notification, sizeof notification, note, "407", expire_key, "expire", "accept");
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), &mine, &n) == QRIS_RESULT_OK);
    CHECK(n.outcome == QRIS_OUTCOME_EXPIRED && !n.deliver);
    snprintf(notification, sizeof notification, note, "407", expire_key, "settlement", "accept");
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), &mine, &n) == QRIS_RESULT_OK);
    CHECK(n.outcome == QRIS_OUTCOME_UNKNOWN && !n.deliver);
    /* ...and re-split: "1111"+"200"+"100000.00" as "111"+"1200"+"100000.00". */
    const char *resplit = "{\"order_id\":\"111\",\"status_code\":\"1200\",\"gross_amount\":\"100000.00\",\"signature_key\":\"%.128s\",\"transaction_status\":\"settlement\"}";
    snprintf(notification, sizeof notification, resplit, docs_key);
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), NULL, &n) == QRIS_RESULT_INVALID_JSON);
    /* A fraud verdict other than accept: not paid. */
    snprintf(notification, sizeof notification, note, "200", docs_key, "settlement", "DENY");
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), NULL, &n) == QRIS_RESULT_OK && !n.deliver);
    snprintf(notification, sizeof notification, note, "200", docs_key, "capture", "challenge");
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), NULL, &n) == QRIS_RESULT_OK && !n.deliver);
    /* An empty server key: refused, whatever the signature. */
    CHECK(qris_midtrans_verify_notification(S(notification), NULL, 0, NULL, &n) == QRIS_RESULT_EMPTY_SECRET);
    CHECK(qris_midtrans_verify_notification(S(notification), S("  "), NULL, &n) == QRIS_RESULT_EMPTY_SECRET);
    CHECK(qris_midtrans_signature_key(S("1111"), S("200"), S("100000.00"), NULL, 0, expire_key) == QRIS_RESULT_EMPTY_SECRET);
    CHECK(qris_midtrans_verify_notification(S(notification), S(server_key), NULL, NULL) == QRIS_RESULT_NULL_PARAMETER);
    /* A length past PTRDIFF_MAX is refused before any read. */
    CHECK(qris_midtrans_verify_notification((const uint8_t *)notification, (size_t)PTRDIFF_MAX + 1, S(server_key), NULL, &n) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_crc16((const uint8_t *)notification, SIZE_MAX, expire_key) == QRIS_RESULT_INVALID_ARGUMENT);

    /* Rendering. */
    const char *toko = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";
    static uint8_t image[1 << 20];
    CHECK(qris_render_png(S(toko), 4, image, sizeof image, &len) == QRIS_RESULT_OK);
    CHECK(len > 8 && memcmp(image, "\x89PNG\r\n\x1a\n", 8) == 0);
    CHECK(qris_render_escpos(S(toko), QRIS_PAPER_MM58, image, sizeof image, &len) == QRIS_RESULT_OK);
    CHECK(len > 8 && image[0] == 0x1D && image[1] == 0x76 && image[2] == 0x30 && image[4] == 48);
    CHECK(qris_render_escpos(S(toko), 57, image, sizeof image, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    size_t width = 0;
    CHECK(qris_render_matrix(S(toko), image, sizeof image, &len, &width) == QRIS_RESULT_OK);
    CHECK(width >= 29 && len == width * width);
    CHECK(image[0] == 0 && image[4 * width + 4] == 1); /* quiet zone light, finder corner dark */
    CHECK(qris_render_png(S("0002010102116304ABCD"), 4, image, sizeof image, &len) == QRIS_RESULT_INVALID_PAYLOAD);

    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C ABI keys/notify/render tests: all checks passed\n");
    return 0;
}
