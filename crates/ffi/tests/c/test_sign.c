/* C tests of qris-sign through the C ABI: minify, body hash, HMAC and RSA
 * signing and verification (with the X-TIMESTAMP window), keys, Midtrans
 * signature_key, timestamps; against the published vectors (snap-public.json). */
#include "test.h"

/* snap-public.json, midtrans_demo_symmetric_qris: the body, its time and signature. */
static const char *DEMO_BODY =
    "{\"partnerReferenceNo\":\"2020102900000000000001\",\"amount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"feeAmount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"merchantId\":\"00007100010926\",\"terminalId\":\"213141251124\",\"validityPeriod\":\"2009-07-03T12:08:56-07:00\"}";
static const char *DEMO_SIG = "wmzT7yjg1SxxCsxNsFgCR9SYXiZGGbceF6fV8xe97sAMHxZ+7OEBMIBmvb6Sj6GcksGp3iv77DiomgSbcST3XQ==";
static const int64_t DEMO_UNIX = 1709635036; /* 2024-03-05T10:37:16Z */

/* midtrans_demo_notification_generation. */
static const char *NOTIFY_BODY =
    "{\"createdTime\":\"2020-01-01T00:00:00+07:00\",\"latestTransactionStatus\":\"00\",\"originalReferenceNo\":\"gopayOrderId\",\"finishedTime\":\"2020-01-02T00:00:00+07:00\",\"originalPartnerReferenceNo\":\"merchant-order-id\",\"transactionStatusDesc\":\"desc\",\"originalExternalId\":\"merchant-order-id\",\"additionalInfo\":{\"payOptionDetails\":[{\"payMethod\":\"GOPAY\",\"payOption\":\"GOPAY_WALLET\"}],\"fraudStatus\":\"accept\",\"refundHistory\":[{\"refundNo\":\"96194816941239812\",\"partnerReferenceNo\":\"239850918204981205970\",\"refundAmount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"refundStatus\":\"00\",\"refundDate\":\"2020-12-23T07:44:16+07:00\",\"reason\":\"Customer Complain\"}],\"validUpTo\":\"2021-01-01T00:00:00+07:00\"}}";
static const char *NOTIFY_SIG =
    "eUGsomFLNsjWzehgGsa317MqcVOgscay/Hml8yNmOsFhmoBM7pso+UPDgSe34anXvecSQkf5NOr0fbr8k9qdyyoWiYX7DTq/Wnz8XC0cRCCbNZfyLIyF33HO9cnvxOcRQq9DuWlQtld+uEluuivVdN2TiaWLpUTmfB/H7noZnXWWDj6FYa4n5kSo4o3aTeFYAF9EmLp0Tcsl8CiHSQCrQnIbB8M2+puLwyJ1l2OocvZ5qgjf5f2DqlCbemsSMzYzjN+YMrb0kiDx0TiW5UTk+WZass43xIfb3vdrlX+U2JSk5YsJ8lFpp9F+7FId4cyncElNFEbt3zWuP4iDzXteCg==";
static const char *NOTIFY_TS = "2024-03-05T10:37:16.196Z";

/* midtrans_docs_b2b_access_token. */
static const char *B2B_SIG =
    "iv5YorKVVFOFS59l0HChDvPe+HeoE/jY5CfVgCg5i16nj5/DVnKg49ilkv8PyeU7y38apHhgO+cUrvkfUs5BhDD69yLn7xp8hzN9RcR0UDy5+nCrQ3GGCVSzZJvlEXN+TB0j4Q6pMsjrq4+YRoyDa4mTlsjJTU9aGjLRFBYgY4MyMQ5x11JyLnoFwbS8TJ5e/q4mUozrp49VyHe7OQSFnJNwvMSFrDyAIxoOK0IZQIlY29PaDIFcWoR+RJAY42H2FryjJcPpNfeercbkj9jsBLV3wmEKiNoN6lgFFLk5QicDnAAQzL45s92EYeCqDNuTTJOydaJbUqEo1d/ZPVNBtQ==";
static const int64_t B2B_UNIX = 1690762200; /* 2023-07-31T07:10:00+07:00 */

/* midtrans_demo_notification_verification: a GoPay notification. */
static const char *GOPAY_BODY =
    "{\"originalPartnerReferenceNo\":\"GP24043015193402809\",\"originalReferenceNo\":\"A120240430081940S9vu8gSjaRID\",\"merchantId\":\"G099333790\",\"amount\":{\"value\":\"102800.00\",\"currency\":\"IDR\"},\"latestTransactionStatus\":\"00\",\"transactionStatusDesc\":\"SUCCESS\",\"additionalInfo\":{\"refundHistory\":[]}}";
static const char *GOPAY_SIG =
    "RoJnP2tH/YiOhHM/lMVBMSAuzRmS8VrWdIy04Qqyb56daV7oWFMFoMMzqnjQ+q0MIUalYgU094GWQnCx2c29xb1kkqHhv2+iJ9xl6NjGmFGYqyvcKvUDAV83Y1Mw9JnsEcjcupdGw9/MRv/mm2GMrQ+BCZGfc4a46JDyPZbcY294vDGqs5rFBN6iYer5ro4cAQGo9hET2G82Y+j50vCyO/79GFE4vB1rvtu6PK2Bxi+vTYV8k7P7PS8tOPWM2O+kjiVWjwvLR99Botou+a8sxlQqZaihfWMKcByzV+Lgkr9cptpjys+1NIRWT1ad/sJBSLHyldzC3q2oRn5z5oZmyg==";
static const char *GOPAY_TS = "2024-05-02T14:43:08+07:00";
static const int64_t GOPAY_UNIX = 1714635788;

static void minify_and_body_hash(void) {
    size_t len = 0;
    const char *pretty = "{ \"amount\" : { \"value\" : \"10000.00\", \"num\" : 10000.00 }, \"note\" : \"a  b\" }";
    uint8_t min[128];
    CHECK(qris_minify(S(pretty), min, sizeof min, &len, NULL) == QRIS_RESULT_OK);
    CHECK(len == strlen("{\"amount\":{\"value\":\"10000.00\",\"num\":10000.00},\"note\":\"a  b\"}"));
    CHECK(memcmp(min, "{\"amount\":{\"value\":\"10000.00\",\"num\":10000.00},\"note\":\"a  b\"}", len) == 0);
    size_t offset = 0;
    CHECK(qris_minify(S("{\"a\":1,}"), min, sizeof min, &len, &offset) == QRIS_RESULT_INVALID_JSON);
    CHECK(offset == 7);
    /* Empty body hash (the GET rule). */
    char hash[64];
    CHECK(qris_body_hash(NULL, 0, hash) == QRIS_RESULT_OK);
    CHECK(memcmp(hash, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 64) == 0);
}

static void hmac(void) {
    qris_hmac_signer *signer = NULL;
    CHECK(qris_hmac_signer_new(S("myclientsecret"), &signer) == QRIS_RESULT_OK && signer != NULL);
    uint8_t sig[256];
    size_t len = 0;
    qris_request req = REQUEST("POST", "/v1.0/qr/qr-mpm-generate", "myaccesstoken", DEMO_BODY, "2024-03-05T10:37:16.196Z");
    CHECK(qris_hmac_sign_request(signer, &req, QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(len == strlen(DEMO_SIG) && memcmp(sig, DEMO_SIG, len) == 0);
    /* Hex: the docs print the same MAC; c26cd3ef... is the hex of wmzT7yjg... */
    CHECK(qris_hmac_sign_request(signer, &req, QRIS_ENCODING_HEX, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(len == 128 && memcmp(sig, "c26cd3ef28e0d52c710acc4db0580247d4985e264619b71e17a7d5f317bdeec0", 64) == 0);
    CHECK(qris_hmac_verify_request(signer, &req, sig, len, &DEMO_UNIX, 300) == QRIS_RESULT_OK);
    CHECK(qris_hmac_sign_request(signer, &req, 9, sig, sizeof sig, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_hmac_sign_request(NULL, &req, QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_hmac_sign_request(signer, NULL, QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_NULL_PARAMETER);
    /* Verification: a "Bearer " token is the same token; another is not; a stale request is refused. */
    qris_request bearer = REQUEST("POST", "/v1.0/qr/qr-mpm-generate", "Bearer myaccesstoken", DEMO_BODY, "2024-03-05T10:37:16.196Z");
    CHECK(qris_hmac_verify_request(signer, &bearer, S(DEMO_SIG), &DEMO_UNIX, QRIS_DEFAULT_WINDOW_SECONDS) == QRIS_RESULT_OK);
    qris_request other = REQUEST("POST", "/v1.0/qr/qr-mpm-generate", "other", DEMO_BODY, "2024-03-05T10:37:16.196Z");
    CHECK(qris_hmac_verify_request(signer, &other, S(DEMO_SIG), &DEMO_UNIX, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_hmac_verify_request(signer, &bearer, S(DEMO_SIG), NULL, 300) == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW);
    qris_hmac_signer_free(signer);
    qris_hmac_signer_free(NULL); /* a no-op */
    /* Empty or whitespace-only secrets would let anyone sign: refused. */
    qris_hmac_signer *blank = NULL;
    CHECK(qris_hmac_signer_new(NULL, 0, &blank) == QRIS_RESULT_EMPTY_SECRET && blank == NULL);
    CHECK(qris_hmac_signer_new(S(" \t\r\n"), &blank) == QRIS_RESULT_EMPTY_SECRET && blank == NULL);
}

static void rsa(void) {
    size_t plen = 0, priv_len = 0, len = 0;
    char *pem = read_vector("midtrans-doc-private-pkcs8.pem", &priv_len);
    char *pub_pem = read_vector("midtrans-doc-public-spki.pem", &plen);
    qris_private_key *priv = NULL;
    qris_public_key *pub = NULL;
    CHECK(qris_private_key_load((const uint8_t *)pem, priv_len, &priv) == QRIS_RESULT_OK);
    CHECK(qris_public_key_load((const uint8_t *)pub_pem, plen, &pub) == QRIS_RESULT_OK);
    /* A private key where a public key is needed. */
    qris_public_key *wrong = NULL;
    CHECK(qris_public_key_load((const uint8_t *)pem, priv_len, &wrong) == QRIS_RESULT_INVALID_KEY && wrong == NULL);

    /* The published notification signature, byte for byte. */
    uint8_t sig[1024];
    qris_request notify = REQUEST("POST", "/v1.0/debit/notify", "", NOTIFY_BODY, NOTIFY_TS);
    CHECK(qris_rsa_sign_request(priv, &notify, QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(len == strlen(NOTIFY_SIG) && memcmp(sig, NOTIFY_SIG, len) == 0);
    /* Hex: 512 lowercase digits, and it verifies too. */
    CHECK(qris_rsa_sign_request(priv, &notify, QRIS_ENCODING_HEX, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(len == 512);
    for (size_t i = 0; i < len; i++) CHECK((sig[i] >= '0' && sig[i] <= '9') || (sig[i] >= 'a' && sig[i] <= 'f'));
    CHECK(qris_rsa_verify_request(pub, &notify, sig, len, &DEMO_UNIX, 300) == QRIS_RESULT_OK);
    qris_request broken = REQUEST("POST", "/p", "", "{", NOTIFY_TS);
    CHECK(qris_rsa_sign_request(priv, &broken, QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_INVALID_JSON);
    CHECK(qris_rsa_sign_request(priv, &notify, 2, sig, sizeof sig, &len) == QRIS_RESULT_INVALID_ARGUMENT);

    /* The GoPay notification verified with the provider's public key, at its own time. */
    qris_request gopay = REQUEST("POST", "/v1.0/debit/notify", "", GOPAY_BODY, GOPAY_TS);
    CHECK(qris_rsa_verify_request(pub, &gopay, S(GOPAY_SIG), &GOPAY_UNIX, QRIS_DEFAULT_WINDOW_SECONDS) == QRIS_RESULT_OK);
    qris_request elsewhere = REQUEST("POST", "/v1.0/other/notify", "", GOPAY_BODY, GOPAY_TS);
    CHECK(qris_rsa_verify_request(pub, &elsewhere, S(GOPAY_SIG), &GOPAY_UNIX, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    qris_request bad_body = REQUEST("POST", "/v1.0/debit/notify", "", "{bad", GOPAY_TS);
    CHECK(qris_rsa_verify_request(pub, &bad_body, S(GOPAY_SIG), &GOPAY_UNIX, 300) == QRIS_RESULT_INVALID_JSON);
    /* The same genuine request today (the system clock): stale, refused. */
    CHECK(qris_rsa_verify_request(pub, &gopay, S(GOPAY_SIG), NULL, 300) == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW);
    /* An absurd caller clock never makes a timestamp pass. */
    const int64_t absurd = INT64_MIN;
    CHECK(qris_rsa_verify_request(pub, &gopay, S(GOPAY_SIG), &absurd, UINT64_MAX) == QRIS_RESULT_INVALID_ARGUMENT);

    /* B2B: the published signature; the key's own; a changed client id; stale; malformed. */
    CHECK(qris_rsa_sign_b2b(priv, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(len == strlen(B2B_SIG) && memcmp(sig, B2B_SIG, len) == 0);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), S(B2B_SIG), &B2B_UNIX, 300) == QRIS_RESULT_OK);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234326-SNAP"), S("2023-07-31T07:10:00+07:00"), S(B2B_SIG), &B2B_UNIX, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), S("not base64!"), &B2B_UNIX, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_rsa_verify_b2b(NULL, S("a"), S("b"), S("c"), NULL, 300) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_rsa_sign_b2b(priv, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), QRIS_ENCODING_HEX, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), sig, len, &B2B_UNIX, 300) == QRIS_RESULT_OK);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("2023-07-31T07:10:00+07:00"), S(B2B_SIG), NULL, QRIS_DEFAULT_WINDOW_SECONDS) == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW);
    CHECK(qris_rsa_verify_b2b(pub, S("G1234325-SNAP"), S("not a time"), S(B2B_SIG), &B2B_UNIX, 300) == QRIS_RESULT_INVALID_TIMESTAMP);

    qris_private_key_free(priv);
    qris_private_key_free(NULL);
    qris_public_key_free(pub);
    free(pem);
    free(pub_pem);

    /* Garbage is a key error, not a crash. */
    qris_private_key *k = NULL;
    CHECK(qris_private_key_load(S("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), &k) == QRIS_RESULT_INVALID_KEY && k == NULL);
    CHECK(qris_private_key_load(NULL, 0, &k) == QRIS_RESULT_INVALID_KEY);
}

static void midtrans_signature_keys(void) {
    const char *server_key = "askvnoibnosifnboseofinbofinfgbiufglnbfg";
    const char *key = "edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231";
    char computed[128];
    CHECK(qris_midtrans_signature_key(S("1111"), S("200"), S("100000.00"), S(server_key), computed) == QRIS_RESULT_OK);
    CHECK(memcmp(computed, key, 128) == 0);
    CHECK(qris_midtrans_verify_signature_key(S("1111"), S("200"), S("100000.00"), S(server_key), S(key)) == QRIS_RESULT_OK);
    /* Fields not in Midtrans' form are refused before hashing. */
    CHECK(qris_midtrans_verify_signature_key(S("1111"), S("200"), S("100000"), S(server_key), S(key)) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_midtrans_verify_signature_key(S("111"), S("1200"), S("100000.00"), S(server_key), S(key)) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_midtrans_verify_signature_key(S("1111"), S("200"), S("100000.00"), S(" "), S(key)) == QRIS_RESULT_EMPTY_SECRET);
    CHECK(qris_midtrans_verify_signature_key(S("1111"), S("200"), S("100000.00"), S(server_key), S("edc0")) == QRIS_RESULT_INVALID_SIGNATURE);
    /* NEGATIVE vector: gross_amount without decimals is not Midtrans' form: refused. */
    CHECK(qris_midtrans_signature_key(S("order102"), S("200"), S("789000"), S("SB-Mid-server-TEST"), computed) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_midtrans_signature_key(S("1111"), S("200"), S("100000.00"), NULL, 0, computed) == QRIS_RESULT_EMPTY_SECRET);
}

static void canonical_urls(void) {
    char out[128];
    size_t len = 0;
    /* RFC 3986: query sorted by name (stably), spaces and reserved bytes percent-encoded, %7E decoded to ~. */
    CHECK(qris_canonical_url(S("/v1.0/x?b=2&a=hello world&a=%7e"), (uint8_t *)out, sizeof out, &len) == QRIS_RESULT_OK);
    CHECK(len == 31 && memcmp(out, "/v1.0/x?a=hello%20world&a=~&b=2", 31) == 0);
    CHECK(qris_canonical_url(S("/x?q=%zz"), (uint8_t *)out, sizeof out, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_canonical_url(S("/v1.0/x?b=2&a=1"), (uint8_t *)out, 4, &len) == QRIS_RESULT_BUFFER_TOO_SMALL && len == 15);
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
    /* Only what X-TIMESTAMP can write: 1970 to 9999 (UTC), never a negative or five-digit year. */
    CHECK(qris_timestamp_format(253402300799999LL, 0, true, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_OK);
    CHECK(len == 24 && memcmp(ts, "9999-12-31T23:59:59.999Z", 24) == 0);
    CHECK(qris_timestamp_format(253402300800000LL, 0, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_timestamp_format(-1, 0, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_timestamp_format(INT64_MAX, 420, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_timestamp_format(INT64_MIN, 420, false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_timestamp_now(false, (uint8_t *)ts, sizeof ts, &len) == QRIS_RESULT_OK);
    CHECK(len == 25 && memcmp(ts + 19, "+07:00", 6) == 0 && ts[10] == 'T');
    CHECK(qris_timestamp_check((const uint8_t *)ts, len, NULL, 60) == QRIS_RESULT_OK);
    CHECK(qris_timestamp_now(true, (uint8_t *)ts, 10, &len) == QRIS_RESULT_BUFFER_TOO_SMALL && len == 29);

    int64_t now = DEMO_UNIX;
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

/* A provider key below 2048 bits (made with OpenSSL): refused by
 * qris_public_key_load, accepted for verification by the explicit
 * qris_public_key_load_legacy_1024, which says it is legacy; 768 bits stays
 * refused and a forged signature fails. */
static void legacy_keys(void) {
    size_t len = 0;
    char *json = read_vector("legacy-rsa-openssl.json", &len);
    char *k1024 = json_string(json, "public_1024");
    char *k768 = json_string(json, "public_768");
    char *sig = json_string(json, "signature_1024");
    char *forged = json_string(json, "signature_1536");
    const char *client = "WINPAY-CLIENT", *ts = "2026-11-30T10:00:00+07:00";
    const int64_t now = 1796007600; /* ts, in UNIX seconds */
    qris_public_key *key = NULL;
    CHECK(qris_public_key_load((const uint8_t *)k1024, strlen(k1024), &key) == QRIS_RESULT_INVALID_KEY && key == NULL);
    CHECK(qris_public_key_load_legacy_1024((const uint8_t *)k1024, strlen(k1024), &key) == QRIS_RESULT_OK);
    CHECK(qris_public_key_is_legacy(key) && qris_public_key_bits(key) == 1024);
    CHECK(qris_rsa_verify_b2b(key, S(client), S(ts), S(sig), &now, 300) == QRIS_RESULT_OK);
    CHECK(qris_rsa_verify_b2b(key, S("WINPAY-CLIENX"), S(ts), S(sig), &now, 300) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_rsa_verify_b2b(key, S(client), S(ts), S(forged), &now, 300) != QRIS_RESULT_OK);
    qris_public_key_free(key);
    qris_public_key *small = NULL;
    CHECK(qris_public_key_load_legacy_1024((const uint8_t *)k768, strlen(k768), &small) == QRIS_RESULT_INVALID_KEY &&
          small == NULL);
    CHECK(!qris_public_key_is_legacy(NULL) && qris_public_key_bits(NULL) == 0);
    free(k1024); free(k768); free(sig); free(forged); free(json);
}

int main(void) {
    minify_and_body_hash();
    hmac();
    rsa();
    legacy_keys();
    midtrans_signature_keys();
    canonical_urls();
    timestamps();
    return finish("C ABI sign tests");
}
