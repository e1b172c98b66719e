/* C tests of the signature and protocol surface: RSA per-request signing (the
 * published notification-generation vector), B2B verification, hex/Base64,
 * signature_key checks, timestamps, response codes, SNAP notifications and their
 * acknowledgements, SVG rendering, result messages. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libqris.h"

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); failures++; } } while (0)
#define S(lit) (const uint8_t *)(lit), strlen(lit)

static int eq(qris_str s, const char *want) {
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static char *read_vector(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", QRIS_VECTORS_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    char *buf = malloc(65537);
    *len = fread(buf, 1, 65536, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* snap-public.json, midtrans_demo_notification_generation. */
static const char *NOTIFY_BODY =
    "{\"createdTime\":\"2020-01-01T00:00:00+07:00\",\"latestTransactionStatus\":\"00\",\"originalReferenceNo\":\"gopayOrderId\",\"finishedTime\":\"2020-01-02T00:00:00+07:00\",\"originalPartnerReferenceNo\":\"merchant-order-id\",\"transactionStatusDesc\":\"desc\",\"originalExternalId\":\"merchant-order-id\",\"additionalInfo\":{\"payOptionDetails\":[{\"payMethod\":\"GOPAY\",\"payOption\":\"GOPAY_WALLET\"}],\"fraudStatus\":\"accept\",\"refundHistory\":[{\"refundNo\":\"96194816941239812\",\"partnerReferenceNo\":\"239850918204981205970\",\"refundAmount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"refundStatus\":\"00\",\"refundDate\":\"2020-12-23T07:44:16+07:00\",\"reason\":\"Customer Complain\"}],\"validUpTo\":\"2021-01-01T00:00:00+07:00\"}}";
static const char *NOTIFY_SIG =
    "eUGsomFLNsjWzehgGsa317MqcVOgscay/Hml8yNmOsFhmoBM7pso+UPDgSe34anXvecSQkf5NOr0fbr8k9qdyyoWiYX7DTq/Wnz8XC0cRCCbNZfyLIyF33HO9cnvxOcRQq9DuWlQtld+uEluuivVdN2TiaWLpUTmfB/H7noZnXWWDj6FYa4n5kSo4o3aTeFYAF9EmLp0Tcsl8CiHSQCrQnIbB8M2+puLwyJ1l2OocvZ5qgjf5f2DqlCbemsSMzYzjN+YMrb0kiDx0TiW5UTk+WZass43xIfb3vdrlX+U2JSk5YsJ8lFpp9F+7FId4cyncElNFEbt3zWuP4iDzXteCg==";
static const char *NOTIFY_TS = "2024-03-05T10:37:16.196Z";
static const int64_t NOTIFY_UNIX = 1709635036; /* 2024-03-05T10:37:16Z */
static const char *B2B_SIG =
    "iv5YorKVVFOFS59l0HChDvPe+HeoE/jY5CfVgCg5i16nj5/DVnKg49ilkv8PyeU7y38apHhgO+cUrvkfUs5BhDD69yLn7xp8hzN9RcR0UDy5+nCrQ3GGCVSzZJvlEXN+TB0j4Q6pMsjrq4+YRoyDa4mTlsjJTU9aGjLRFBYgY4MyMQ5x11JyLnoFwbS8TJ5e/q4mUozrp49VyHe7OQSFnJNwvMSFrDyAIxoOK0IZQIlY29PaDIFcWoR+RJAY42H2FryjJcPpNfeercbkj9jsBLV3wmEKiNoN6lgFFLk5QicDnAAQzL45s92EYeCqDNuTTJOydaJbUqEo1d/ZPVNBtQ==";

static void rsa(void) {
    size_t plen = 0, len = 0;
    size_t priv_len = 0;
    char *pem = read_vector("midtrans-doc-private-pkcs8.pem", &priv_len);
    char *pub_pem = read_vector("midtrans-doc-public-spki.pem", &plen);
    qris_private_key *priv = NULL;
    qris_public_key *pub = NULL;
    CHECK(qris_private_key_load((const uint8_t *)pem, priv_len, &priv) == QRIS_RESULT_OK);
    CHECK(qris_public_key_load((const uint8_t *)pub_pem, plen, &pub) == QRIS_RESULT_OK);

    /* The published notification signature, byte for byte. */
    uint8_t sig[1024];
    CHECK(qris_rsa_sign_request(priv, S("POST"), S("/v1.0/debit/notify"), S(NOTIFY_BODY), S(NOTIFY_TS), QRIS_ENCODING_BASE64,
                                sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(len == strlen(NOTIFY_SIG) && memcmp(sig, NOTIFY_SIG, len) == 0);
    /* Hex: 512 lowercase digits, and it verifies too. */
    CHECK(qris_rsa_sign_request(priv, S("POST"), S("/v1.0/debit/notify"), S(NOTIFY_BODY), S(NOTIFY_TS), QRIS_ENCODING_HEX,
                                sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(len == 512);
    for (size_t i = 0; i < len; i++) CHECK((sig[i] >= '0' && sig[i] <= '9') || (sig[i] >= 'a' && sig[i] <= 'f'));
    CHECK(qris_rsa_verify_request(pub, S("POST"), S("/v1.0/debit/notify"), S(NOTIFY_BODY), S(NOTIFY_TS), sig, len, &NOTIFY_UNIX, 300) == QRIS_RESULT_OK);
    CHECK(qris_rsa_sign_request(priv, S("POST"), S("/p"), S("{"), S(NOTIFY_TS), QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_INVALID_JSON);
    CHECK(qris_rsa_sign_request(priv, S("POST"), S("/p"), S("{}"), S(NOTIFY_TS), 2, sig, sizeof sig, &len) == QRIS_RESULT_INVALID_ARGUMENT);

    /* B2B: the published signature verifies; a changed client id does not. */
    const int64_t b2b_time = 1690762200; /* 2023-07-31T07:10:00+07:00 */
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), S(B2B_SIG), &b2b_time, 300) == QRIS_RESULT_OK);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234326-SNAP"), S("2023-07-31T07:10:00+07:00"), S(B2B_SIG), &b2b_time, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), S("not base64!"), &b2b_time, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_rsa_verify_b2b(NULL, S("a"), S("b"), S("c"), NULL, 300) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_rsa_sign_b2b(priv, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), QRIS_ENCODING_HEX, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), sig, len, &b2b_time, 300) == QRIS_RESULT_OK);
    /* The genuine token request, replayed today: stale. */
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), S(B2B_SIG), NULL, QRIS_DEFAULT_WINDOW_SECONDS) == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("not a time"), S(B2B_SIG), &b2b_time, 300) == QRIS_RESULT_INVALID_TIMESTAMP);

    /* SNAP notification: verified at the published time, outcome paid. */
    qris_outcome outcome = QRIS_OUTCOME_UNKNOWN;
    bool deliver = false;
    CHECK(qris_snap_verify_notification(pub, S("POST"), S("/v1.0/debit/notify"), S(NOTIFY_BODY), S(NOTIFY_TS), S(NOTIFY_SIG),
                                        &NOTIFY_UNIX, 300, &outcome, &deliver) == QRIS_RESULT_OK);
    CHECK(outcome == QRIS_OUTCOME_PAID && deliver);
    uint16_t http = 0;
    char ack[256];
    CHECK(qris_snap_notification_ack(QRIS_RESULT_OK, S("/v1.0/debit/notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    const char *ok_ack = "{\"responseCode\":\"2005600\",\"responseMessage\":\"Request has been processed successfully\"}";
    CHECK(http == 200 && len == strlen(ok_ack) && memcmp(ack, ok_ack, len) == 0);
    /* An hour later it is stale (replay); a wrong path is a bad signature. */
    int64_t later = NOTIFY_UNIX + 3600;
    outcome = QRIS_OUTCOME_UNKNOWN;
    qris_result r = qris_snap_verify_notification(pub, S("POST"), S("/v1.0/debit/notify"), S(NOTIFY_BODY), S(NOTIFY_TS),
                                                  S(NOTIFY_SIG), &later, 300, &outcome, &deliver);
    CHECK(r == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW && outcome == QRIS_OUTCOME_UNKNOWN); /* outputs untouched */
    CHECK(qris_snap_notification_ack(r, S("/v1.0/debit/notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    CHECK(http == 401 && memmem(ack, len, "4015600", 7) != NULL);
    r = qris_snap_verify_notification(pub, S("POST"), S("/v1.0/qr/qr-mpm-notify"), S(NOTIFY_BODY), S(NOTIFY_TS), S(NOTIFY_SIG),
                                      &NOTIFY_UNIX, 300, NULL, NULL);
    CHECK(r == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_snap_notification_ack(r, S("/v1.0/qr/qr-mpm-notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    CHECK(http == 401 && memmem(ack, len, "4015200", 7) != NULL);
    CHECK(qris_snap_verify_notification(pub, S("POST"), S("/v1.0/debit/notify"), S(NOTIFY_BODY), S("yesterday"), S(NOTIFY_SIG),
                                        &NOTIFY_UNIX, 300, NULL, NULL) == QRIS_RESULT_INVALID_TIMESTAMP);
    CHECK(qris_snap_notification_ack(QRIS_RESULT_INVALID_JSON, S("/v1.0/debit/notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    CHECK(http == 400 && memmem(ack, len, "4005601", 7) != NULL);
    CHECK(qris_snap_notification_ack(QRIS_RESULT_PANIC, S("/x"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_INVALID_ARGUMENT);

    qris_private_key_free(priv);
    qris_public_key_free(pub);
    free(pem);
    free(pub_pem);

    /* No RSA under 2048 bits, and garbage is a key error, not a crash. */
    qris_private_key *k = NULL;
    CHECK(qris_private_key_load(S("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), &k) == QRIS_RESULT_INVALID_KEY && k == NULL);
    CHECK(qris_private_key_load(NULL, 0, &k) == QRIS_RESULT_INVALID_KEY);
}

static void symmetric_and_midtrans(void) {
    /* midtrans_docs_symmetric: the docs print the same MAC in hex. */
    qris_hmac_signer *signer = NULL;
    CHECK(qris_hmac_signer_new(S("myclientsecret"), &signer) == QRIS_RESULT_OK);
    const char *body = "{\"partnerReferenceNo\":\"2020102900000000000001\",\"amount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"feeAmount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"merchantId\":\"00007100010926\",\"terminalId\":\"213141251124\",\"validityPeriod\":\"2009-07-03T12:08:56-07:00\"}";
    uint8_t sig[256];
    size_t len = 0;
    CHECK(qris_hmac_sign_request(signer, S("POST"), S("/v1.0/qr/qr-mpm-generate"), S("myaccesstoken"), S(body),
                                 S("2024-03-05T10:37:16.196Z"), QRIS_ENCODING_HEX, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    /* c26cd3ef... is the hex of the published Base64 wmzT7yjg... */
    CHECK(len == 128 && memcmp(sig, "c26cd3ef28e0d52c710acc4db0580247d4985e264619b71e17a7d5f317bdeec0", 64) == 0);
    CHECK(qris_hmac_verify_request(signer, S("POST"), S("/v1.0/qr/qr-mpm-generate"), S("myaccesstoken"), S(body),
                                   S("2024-03-05T10:37:16.196Z"), sig, len, &NOTIFY_UNIX, 300) == QRIS_RESULT_OK);
    CHECK(qris_hmac_sign_request(signer, S("POST"), S("/p"), S("t"), S("{}"), S("ts"), 9, sig, sizeof sig, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    qris_hmac_signer_free(signer);

    const char *key = "edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231";
    CHECK(qris_midtrans_verify_signature_key(S("1111"), S("200"), S("100000.00"), S("askvnoibnosifnboseofinbofinfgbiufglnbfg"), S(key)) == QRIS_RESULT_OK);
    /* Fields not in Midtrans' form are refused before hashing. */
    CHECK(qris_midtrans_verify_signature_key(S("1111"), S("200"), S("100000"), S("askvnoibnosifnboseofinbofinfgbiufglnbfg"), S(key)) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_midtrans_verify_signature_key(S("111"), S("1200"), S("100000.00"), S("askvnoibnosifnboseofinbofinfgbiufglnbfg"), S(key)) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_midtrans_verify_signature_key(S("1111"), S("200"), S("100000.00"), S(" "), S(key)) == QRIS_RESULT_EMPTY_SECRET);
    CHECK(qris_midtrans_verify_signature_key(S("1111"), S("200"), S("100000.00"), S("askvnoibnosifnboseofinbofinfgbiufglnbfg"), S("edc0")) == QRIS_RESULT_INVALID_SIGNATURE);
    /* NEGATIVE vector: gross_amount without decimals is not Midtrans' form: refused. */
    char computed[128];
    CHECK(qris_midtrans_signature_key(S("order102"), S("200"), S("789000"), S("SB-Mid-server-TEST"), computed) == QRIS_RESULT_INVALID_ARGUMENT);
}

static void timestamps(void) {
    char ts[64];
    size_t len = 0;
    /* 2024-03-05T10:37:16.196Z shown at +07:00. */
    CHECK(qris_timestamp_format(1709635036196LL, 420, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_OK);
    CHECK(len == 25 && memcmp(ts, "2024-03-05T17:37:16+07:00", 25) == 0);
    CHECK(qris_timestamp_format(1709635036196LL, 0, true, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_OK);
    CHECK(len == 24 && memcmp(ts, "2024-03-05T10:37:16.196Z", 24) == 0);
    CHECK(qris_timestamp_format(0, 24 * 60, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    /* The documented bound, +-18:00, at and just past it (ISO 8601's range of offsets). */
    CHECK(qris_timestamp_format(0, 18 * 60, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_OK);
    CHECK(len == 25 && memcmp(ts, "1970-01-01T18:00:00+18:00", 25) == 0);
    CHECK(qris_timestamp_format(0, -18 * 60, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_OK);
    CHECK(len == 25 && memcmp(ts, "1969-12-31T06:00:00-18:00", 25) == 0);
    CHECK(qris_timestamp_format(0, 18 * 60 + 1, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_timestamp_format(0, -18 * 60 - 1, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_timestamp_now(false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_OK);
    CHECK(len == 25 && memcmp(ts + 19, "+07:00", 6) == 0 && ts[10] == 'T');
    CHECK(qris_timestamp_check((const uint8_t *)ts, len, NULL, 60) == QRIS_RESULT_OK);
    CHECK(qris_timestamp_now(true, (uint8_t *)ts, 10, &len) == QRIS_RESULT_BUFFER_TOO_SMALL && len == 29);

    int64_t now = NOTIFY_UNIX;
    CHECK(qris_timestamp_check(S("2024-03-05T17:37:16+07:00"), &now, 0) == QRIS_RESULT_OK);
    CHECK(qris_timestamp_check(S("2024-03-05T17:30:00+07:00"), &now, 300) == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW);
    CHECK(qris_timestamp_check(S("2024-03-05T17:45:00+07:00"), &now, 300) == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW);
    CHECK(qris_timestamp_check(S("2024-02-30T10:00:00Z"), &now, 300) == QRIS_RESULT_INVALID_TIMESTAMP);
    CHECK(qris_timestamp_check(S("05/03/2024"), &now, 300) == QRIS_RESULT_INVALID_TIMESTAMP);
    /* A caller clock of INT64_MIN used to make every timestamp pass (the subtraction wrapped). */
    const int64_t absurd = INT64_MIN;
    CHECK(qris_timestamp_check(S("2024-03-05T17:37:16+07:00"), &absurd, 300) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_timestamp_check(S("2024-03-05T17:37:16+07:00"), &absurd, UINT64_MAX) == QRIS_RESULT_INVALID_ARGUMENT);
}

static void response_codes(void) {
    qris_response_code rc;
    CHECK(qris_response_code_parse(S("2004700"), &rc) == QRIS_RESULT_OK);
    CHECK(rc.http == 200 && rc.service == 47 && rc.case_code == 0 && rc.is_success && !rc.is_pending && rc.retry == QRIS_RETRY_NO);
    CHECK(eq(rc.service_name, "QRIS MPM generate"));
    CHECK(qris_response_code_parse(S("4035414"), &rc) == QRIS_RESULT_OK);
    CHECK(rc.http == 403 && rc.service == 54 && rc.case_code == 14 && !rc.is_success && rc.retry == QRIS_RETRY_NEVER);
    CHECK(rc.case_name.ptr != NULL && rc.case_name.len > 0);
    CHECK(qris_response_code_parse(S("2025600"), &rc) == QRIS_RESULT_OK && rc.is_pending && rc.retry == QRIS_RETRY_CHECK_STATUS);
    CHECK(qris_response_code_parse(S("5044700"), &rc) == QRIS_RESULT_OK && rc.retry == QRIS_RETRY_SAME_EXTERNAL_ID);
    CHECK(qris_response_code_parse(S("4294700"), &rc) == QRIS_RESULT_OK && rc.retry == QRIS_RETRY_LATER);
    CHECK(qris_response_code_parse(S("200"), &rc) == QRIS_RESULT_OK && rc.service == -1 && rc.case_code == -1);
    /* Seed 003's eight-digit typo, and garbage. */
    CHECK(qris_response_code_parse(S("20054000"), &rc) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_response_code_parse(S("abc"), &rc) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_response_code_parse(S("2004700"), NULL) == QRIS_RESULT_NULL_PARAMETER);
}

static void rendering_and_messages(void) {
    const char *toko = "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";
    static uint8_t svg[1 << 18];
    size_t len = 0;
    CHECK(qris_render_svg(S(toko), svg, sizeof svg, &len) == QRIS_RESULT_OK);
    CHECK(len > 100 && memcmp(svg, "<svg", 4) == 0 && memcmp(svg + len - 6, "</svg>", 6) == 0);
    CHECK(qris_render_png(S(toko), 0, svg, sizeof svg, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_render_png(S(toko), 65, svg, sizeof svg, &len) == QRIS_RESULT_INVALID_ARGUMENT);

    /* Every result code has a message; unknown codes too. */
    const uint32_t codes[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 99, 12345};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char msg[128];
        CHECK(qris_result_message(codes[i], msg, sizeof msg, &len) == QRIS_RESULT_OK && len > 3);
    }
    char msg[128];
    CHECK(qris_result_message(QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW, msg, sizeof msg, &len) == QRIS_RESULT_OK);
    CHECK(memmem(msg, len, "window", 6) != NULL);
}

int main(void) {
    rsa();
    symmetric_and_midtrans();
    timestamps();
    response_codes();
    rendering_and_messages();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C ABI protocol tests: all checks passed\n");
    return 0;
}
