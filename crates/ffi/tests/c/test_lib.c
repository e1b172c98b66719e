/* C tests of the conventions every function follows: version, result codes and
 * their messages, inputs ((NULL, 0), lengths past PTRDIFF_MAX), outputs (buffer
 * sizing), handles (_free(NULL)). */
#include "test.h"

int main(void) {
    char msg[128];
    size_t len = 0;

    CHECK(strcmp(qris_version(), "0.2.0") == 0);

    /* Every result code has a message, from one table; unknown codes too. */
    const uint32_t codes[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 99, 12345};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        CHECK(qris_result_message(codes[i], msg, sizeof msg, &len) == QRIS_RESULT_OK && len > 3);
    }
    CHECK(qris_result_message(QRIS_RESULT_BUFFER_TOO_SMALL, msg, sizeof msg, &len) == QRIS_RESULT_OK);
    CHECK(len > 0 && len < sizeof msg && memcmp(msg, "the output buffer is too small", 30) == 0);
    CHECK(qris_result_message(QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW, msg, sizeof msg, &len) == QRIS_RESULT_OK);
    CHECK(contains(msg, len, "window"));
    CHECK(qris_result_message(12345, msg, sizeof msg, &len) == QRIS_RESULT_OK && contains(msg, len, "unknown"));

    /* Outputs: a buffer too small says the size needed and writes nothing else. */
    char tiny[4] = {'x', 'x', 'x', 'x'};
    CHECK(qris_result_message(QRIS_RESULT_OK, tiny, 3, &len) == QRIS_RESULT_BUFFER_TOO_SMALL && len == 7);
    CHECK(tiny[0] == 'x');
    CHECK(qris_result_message(QRIS_RESULT_OK, msg, sizeof msg, NULL) == QRIS_RESULT_NULL_PARAMETER);

    /* Inputs: (NULL, 0) is empty; NULL with a length, or a length past PTRDIFF_MAX, is refused. */
    char crc[4];
    CHECK(qris_crc16(NULL, 0, crc) == QRIS_RESULT_OK && memcmp(crc, "FFFF", 4) == 0);
    CHECK(qris_crc16(NULL, 5, crc) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_crc16((const uint8_t *)"x", (size_t)PTRDIFF_MAX + 1, crc) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_crc16((const uint8_t *)"x", SIZE_MAX, crc) == QRIS_RESULT_INVALID_ARGUMENT);
    const uint8_t not_utf8[] = {0xff};
    CHECK(qris_midtrans_signature_key(not_utf8, 1, S("200"), S("1.00"), S("k"), msg) == QRIS_RESULT_INVALID_UTF8);

    /* Handles: _free(NULL) does nothing. */
    qris_payload_free(NULL);
    qris_report_free(NULL);
    qris_builder_free(NULL);
    qris_private_key_free(NULL);
    qris_public_key_free(NULL);
    qris_hmac_signer_free(NULL);
    return finish("C ABI conventions tests");
}
