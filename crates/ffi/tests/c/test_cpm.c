/* C tests of customer-presented (CPM) codes through the C ABI: the EMVCo
 * example's fields, card data only ever masked, the validation report, and
 * hostile text. Vectors: tests/vectors/cpm-emvco.json. */
#include "test.h"

static void emvco_example(void) {
    size_t len = 0;
    char *json = read_vector("cpm-emvco.json", &len);
    char *code_text = json_string(json, "base64"); /* the first one: the EMVCo example */
    qris_cpm *code = NULL;
    CHECK(qris_cpm_parse((const uint8_t *)code_text, strlen(code_text), &code) == QRIS_RESULT_OK && code != NULL);
    qris_str bytes = {NULL, 0};
    CHECK(qris_cpm_bytes(code, &bytes) == QRIS_RESULT_OK && bytes.len == 124 && bytes.ptr[0] == 0x85);
    CHECK(qris_cpm_application_count(code) == 2);
    qris_cpm_fields app;
    CHECK(qris_cpm_application(code, 1, &app) == QRIS_RESULT_OK);
    const uint8_t aid[] = {0xA0, 0x00, 0x00, 0x00, 0x66, 0x66, 0x66};
    CHECK(app.aid.len == sizeof aid && memcmp(app.aid.ptr, aid, sizeof aid) == 0);
    CHECK(eq(app.label, "Product2"));
    CHECK(app.pan_masked[0] == '\0' && app.cardholder_name.ptr == NULL);
    CHECK(qris_cpm_application(code, 2, &app) == QRIS_RESULT_NOT_FOUND);
    qris_cpm_fields common;
    CHECK(qris_cpm_common(code, &common) == QRIS_RESULT_OK);
    CHECK(strcmp(common.pan_masked, "************3458") == 0);
    CHECK(eq(common.cardholder_name, "CARDHOLDER/EMV") && eq(common.language_preference, "ruesdeen"));
    CHECK(common.aid.ptr == NULL && common.aid.len == 0);
    qris_cpm_free(code);

    /* The report: valid, one warning (the example PAN fails the Luhn check), masked. */
    qris_report *r = NULL;
    CHECK(qris_cpm_validate_report((const uint8_t *)code_text, strlen(code_text), &r) == QRIS_RESULT_OK);
    CHECK(qris_report_is_valid(r) && qris_report_len(r) == 1);
    qris_diagnostic d;
    CHECK(qris_report_get(r, 0, &d) == QRIS_RESULT_OK);
    CHECK(strcmp(d.code, "cpm.pan_luhn") == 0 && d.severity == QRIS_SEVERITY_WARNING && strcmp(d.path, "62.5A") == 0);
    CHECK(strstr(d.message, "************3458") != NULL && strstr(d.message, "1234567890123458") == NULL);
    qris_report_free(r);
    free(code_text);
    free(json);
}

static void hostile_text(void) {
    qris_cpm *code = NULL;
    CHECK(qris_cpm_parse(S("not*base64"), &code) == QRIS_RESULT_INVALID_PAYLOAD && code == NULL);
    CHECK(qris_cpm_parse(S(""), &code) == QRIS_RESULT_INVALID_PAYLOAD);
    CHECK(qris_cpm_parse((const uint8_t *)"\xff\xfe", 2, &code) == QRIS_RESULT_INVALID_UTF8);
    CHECK(qris_cpm_parse(S("hQVDUFYwMQ"), NULL) == QRIS_RESULT_NULL_PARAMETER);
    /* A merchant payload given as CPM: the report says where it belongs. */
    const char *mpm = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";
    qris_report *r = NULL;
    CHECK(qris_cpm_validate_report(S(mpm), &r) == QRIS_RESULT_OK);
    qris_diagnostic d;
    CHECK(!qris_report_is_valid(r) && qris_report_get(r, 0, &d) == QRIS_RESULT_OK);
    CHECK(strcmp(d.code, "cpm.format_indicator") == 0 && strstr(d.message, "qris decode") != NULL);
    qris_report_free(r);
    /* Truncated: 85 05 CPV01, then 61 09 4F, a template whose length runs past the end. */
    CHECK(qris_cpm_validate_report(S("hQVDUFYwMWEJTw=="), &r) == QRIS_RESULT_OK);
    CHECK(qris_report_get(r, 0, &d) == QRIS_RESULT_OK && strcmp(d.code, "cpm.tlv_truncated") == 0 && strcmp(d.path, "") == 0);
    qris_report_free(r);
    CHECK(qris_cpm_application_count(NULL) == 0);
    qris_cpm_free(NULL);
}

int main(void) {
    emvco_example();
    hostile_text();
    return finish("C ABI CPM tests");
}
