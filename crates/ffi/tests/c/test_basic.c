/* C tests of the first slice of the C ABI, against the published vectors.
 * Built with -std=c99 -Wall -Wextra -Werror -fsanitize=address,undefined. */
#include <stdio.h>
#include <string.h>
#include "libqris.h"

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); failures++; } } while (0)
#define S(lit) (const uint8_t *)(lit), strlen(lit)

static const char *TOKO =
    "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";

int main(void) {
    char crc[4];
    size_t len = 0;

    CHECK(strcmp(qris_version(), "0.1.1") == 0);

    /* CRC check value of the catalogue. */
    CHECK(qris_crc16(S("123456789"), crc) == QRIS_RESULT_OK);
    CHECK(memcmp(crc, "29B1", 4) == 0);
    CHECK(qris_crc16(NULL, 0, crc) == QRIS_RESULT_OK); /* (NULL, 0) is empty */
    CHECK(memcmp(crc, "FFFF", 4) == 0);
    CHECK(qris_crc16(NULL, 5, crc) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_crc16(S("x"), NULL) == QRIS_RESULT_NULL_PARAMETER);

    /* Validation. */
    bool valid = false;
    size_t errors = 99, warnings = 99;
    CHECK(qris_validate(S(TOKO), false, &valid, &errors, &warnings) == QRIS_RESULT_OK);
    CHECK(valid && errors == 0 && warnings == 0);
    CHECK(qris_validate(S("0002010102116304ABCD"), false, &valid, &errors, NULL) == QRIS_RESULT_OK);
    CHECK(!valid && errors > 0);
    const uint8_t not_utf8[] = {0x30, 0xff, 0x30};
    CHECK(qris_validate(not_utf8, sizeof not_utf8, false, &valid, NULL, NULL) == QRIS_RESULT_INVALID_UTF8);

    /* Static -> dynamic: GoPay's own code through tag 61 (qris-conversion.tsv). */
    qris_dynamic_options opts = {{(const uint8_t *)"17000", 5}, QRIS_TIP_NONE, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, false};
    uint8_t small[8];
    CHECK(qris_to_dynamic(S(TOKO), &opts, small, sizeof small, &len) == QRIS_RESULT_BUFFER_TOO_SMALL);
    CHECK(len > sizeof small);
    uint8_t dynamic[512];
    CHECK(qris_to_dynamic(S(TOKO), &opts, dynamic, sizeof dynamic, &len) == QRIS_RESULT_OK);
    const char *through_61 = "00020101021226610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605405170005802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO610567275";
    CHECK(len > strlen(through_61) && memcmp(dynamic, through_61, strlen(through_61)) == 0);
    opts.amount = (qris_str){(const uint8_t *)"1,5", 3};
    CHECK(qris_to_dynamic(S(TOKO), &opts, dynamic, sizeof dynamic, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    opts.amount = (qris_str){(const uint8_t *)"1", 1};
    CHECK(qris_to_dynamic(S("garbage"), &opts, dynamic, sizeof dynamic, &len) == QRIS_RESULT_INVALID_PAYLOAD);

    /* Minify: the published lexical example. */
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

    /* HMAC: Midtrans' SNAP demo (snap-public.json, midtrans_demo_symmetric_qris). */
    qris_hmac_signer *signer = NULL;
    CHECK(qris_hmac_signer_new(S("myclientsecret"), &signer) == QRIS_RESULT_OK && signer != NULL);
    const char *body = "{\"partnerReferenceNo\":\"2020102900000000000001\",\"amount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"feeAmount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"merchantId\":\"00007100010926\",\"terminalId\":\"213141251124\",\"validityPeriod\":\"2009-07-03T12:08:56-07:00\"}";
    uint8_t sig[128];
    CHECK(qris_hmac_sign_request(signer, S("POST"), S("/v1.0/qr/qr-mpm-generate"), S("myaccesstoken"), S(body),
                                 S("2024-03-05T10:37:16.196Z"), QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_OK);
    const char *expected = "wmzT7yjg1SxxCsxNsFgCR9SYXiZGGbceF6fV8xe97sAMHxZ+7OEBMIBmvb6Sj6GcksGp3iv77DiomgSbcST3XQ==";
    CHECK(len == strlen(expected) && memcmp(sig, expected, len) == 0);
    CHECK(qris_hmac_sign_request(NULL, S("POST"), S("/p"), S("t"), NULL, 0, S("ts"), QRIS_ENCODING_BASE64, sig, sizeof sig, &len) == QRIS_RESULT_NULL_PARAMETER);
    qris_hmac_signer_free(signer);
    qris_hmac_signer_free(NULL); /* a no-op */

    /* Midtrans signature_key: the docs sample (snap-public.json). */
    char key[128];
    CHECK(qris_midtrans_signature_key(S("1111"), S("200"), S("100000.00"), S("askvnoibnosifnboseofinbofinfgbiufglnbfg"), key) == QRIS_RESULT_OK);
    CHECK(memcmp(key, "edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231", 128) == 0);

    /* Result messages. */
    char msg[128];
    CHECK(qris_result_message(QRIS_RESULT_BUFFER_TOO_SMALL, msg, sizeof msg, &len) == QRIS_RESULT_OK);
    CHECK(len > 0 && len < sizeof msg && memcmp(msg, "the output buffer is too small", 30) == 0);

    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C ABI tests: all checks passed\n");
    return 0;
}
