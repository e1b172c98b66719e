/* C tests of qris-emv through the C ABI: parse handles, data objects, typed
 * fields, reports, batch validation, conversion, building, CRC; the published
 * vectors (tests/vectors/qris-public.tsv and qris-conversion.tsv). */
#include "test.h"

static const char *TOKO =
    "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";

/* Splits a TSV line in place into at most n fields; returns the count. */
static int split(char *line, char **fields, int n) {
    int count = 0;
    char *p = line;
    while (count < n) {
        fields[count++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    char *nl = strpbrk(fields[count - 1], "\r\n");
    if (nl) *nl = '\0';
    return count;
}

/* Every row of qris-public.tsv: parse succeeds exactly for the CRC-ok rows, the
 * computed CRC is the published one, and a report names crc.mismatch otherwise. */
static void public_vectors(void) {
    FILE *f = open_vector("qris-public.tsv");
    static char line[8192];
    int rows = 0;
    CHECK(fgets(line, sizeof line, f) != NULL); /* header */
    while (fgets(line, sizeof line, f)) {
        char *col[4];
        if (split(line, col, 4) != 4) continue;
        const char *crc = col[2], *payload = col[3];
        size_t n = strlen(payload);
        char computed[4];
        CHECK(qris_crc16((const uint8_t *)payload, n - 4, computed) == QRIS_RESULT_OK);
        qris_payload *p = NULL;
        qris_result r = qris_payload_parse((const uint8_t *)payload, n, false, &p);
        if (strncmp(crc, "ok", 2) == 0) {
            CHECK(r == QRIS_RESULT_OK && p != NULL);
            CHECK(memcmp(computed, payload + n - 4, 4) == 0);
            qris_payload_fields info;
            CHECK(qris_payload_read_fields(p, &info) == QRIS_RESULT_OK);
            CHECK(info.crc_ok && eq(info.crc, payload + n - 4));
        } else {
            /* FAIL:calc=F075,got=1234 */
            CHECK(r == QRIS_RESULT_INVALID_PAYLOAD && p == NULL);
            CHECK(strncmp(crc, "FAIL:calc=", 10) == 0 && memcmp(computed, crc + 10, 4) == 0);
            qris_report *report = NULL;
            CHECK(qris_validate_report((const uint8_t *)payload, n, false, &report) == QRIS_RESULT_OK);
            CHECK(!qris_report_is_valid(report));
            int mismatch = 0;
            for (size_t i = 0; i < qris_report_len(report); i++) {
                qris_diagnostic d;
                CHECK(qris_report_get(report, i, &d) == QRIS_RESULT_OK);
                if (strcmp(d.code, "crc.mismatch") == 0) {
                    mismatch = 1;
                    /* The offset points at the CRC's value. */
                    CHECK(d.severity == QRIS_SEVERITY_ERROR && strcmp(d.path, "63") == 0 && d.offset == n - 4);
                    char calc[5] = {0};
                    memcpy(calc, crc + 10, 4);
                    CHECK(strstr(d.message, calc) != NULL); /* the message names the right CRC */
                }
            }
            CHECK(mismatch);
            qris_report_free(report);
        }
        qris_payload_free(p);
        rows++;
    }
    CHECK(rows == 8);
    fclose(f);
}

/* qris-conversion.tsv: GoPay's own dynamic code, byte for byte through tag 61. */
static void conversion_vectors(void) {
    FILE *f = open_vector("qris-conversion.tsv");
    static char line[8192];
    int rows = 0;
    CHECK(fgets(line, sizeof line, f) != NULL);
    while (fgets(line, sizeof line, f)) {
        char *col[4];
        if (split(line, col, 4) != 4) continue;
        const char *stat = col[1], *amount = col[2], *issued = col[3];
        qris_dynamic_options opts = {STR(amount), QRIS_TIP_NONE, NONE, NONE, NONE, NONE, false};
        uint8_t out[512];
        size_t len = 0;
        CHECK(qris_to_dynamic(S(stat), &opts, out, sizeof out, &len) == QRIS_RESULT_OK);
        const char *t61 = strstr(issued, "6105");
        CHECK(t61 != NULL);
        size_t through_61 = (size_t)(t61 - issued) + 4 + 5;
        CHECK(len > through_61 && memcmp(out, issued, through_61) == 0);
        /* And the issuer's dynamic code back to static: 01 = 11, no 54. */
        CHECK(qris_to_static(S(issued), false, out, sizeof out, &len) == QRIS_RESULT_OK);
        CHECK(memcmp(out, "000201010211", 12) == 0);
        qris_payload *p = NULL;
        CHECK(qris_payload_parse(out, len, true, &p) == QRIS_RESULT_OK);
        qris_data_object o;
        CHECK(qris_payload_get(p, S("54"), &o) == QRIS_RESULT_NOT_FOUND);
        qris_payload_free(p);
        rows++;
    }
    CHECK(rows >= 1);
    fclose(f);
}

static void objects_and_fields(void) {
    qris_payload *p = NULL;
    CHECK(qris_payload_parse(S(TOKO), false, &p) == QRIS_RESULT_OK);

    /* Root objects in order, values pointing into our own buffer (zero-copy). */
    size_t n = qris_payload_object_count(p);
    CHECK(n == 12); /* 00 01 26 51 52 53 58 59 60 61 62 63 */
    qris_data_object o;
    CHECK(qris_payload_object(p, 0, &o) == QRIS_RESULT_OK);
    CHECK(o.id == 0 && o.depth == 1 && o.offset == 0 && eq(o.value, "01") && !o.is_template);
    CHECK(o.value.ptr == (const uint8_t *)TOKO + 4);
    CHECK(qris_payload_object(p, n - 1, &o) == QRIS_RESULT_OK && o.id == 63 && eq(o.value, "3165"));
    CHECK(qris_payload_object(p, n, &o) == QRIS_RESULT_NOT_FOUND);

    /* Children of 26, then of 62 found by path. */
    CHECK(qris_payload_object(p, 2, &o) == QRIS_RESULT_OK && o.id == 26 && o.is_template);
    qris_data_object c;
    CHECK(qris_payload_child(p, &o, 0, &c) == QRIS_RESULT_OK);
    CHECK(c.id == 0 && c.depth == 2 && c.path[0] == 26 && c.path[1] == 0 && eq(c.value, "COM.GO-JEK.WWW"));
    CHECK(c.offset == (size_t)(strstr(TOKO, "0014COM.GO-JEK") - TOKO));
    CHECK(qris_payload_child(p, &o, 3, &c) == QRIS_RESULT_OK && c.id == 3 && eq(c.value, "UMI"));
    CHECK(qris_payload_child(p, &o, 4, &c) == QRIS_RESULT_NOT_FOUND);
    CHECK(qris_payload_get(p, S("62.07"), &o) == QRIS_RESULT_OK && eq(o.value, "A01") && o.depth == 2);
    CHECK(qris_payload_child(p, &o, 0, &c) == QRIS_RESULT_NOT_FOUND); /* not a template */
    CHECK(qris_payload_get(p, S("62.08"), &o) == QRIS_RESULT_NOT_FOUND);
    CHECK(qris_payload_get(p, S("6.2"), &o) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_payload_get(p, S("62.07"), NULL) == QRIS_RESULT_NULL_PARAMETER);
    qris_data_object forged = {62, 7, {62, 1, 1}, true, 0, {NULL, 0}};
    CHECK(qris_payload_child(p, &forged, 0, &c) == QRIS_RESULT_INVALID_ARGUMENT);

    /* Typed fields. */
    qris_payload_fields info;
    CHECK(qris_payload_read_fields(p, &info) == QRIS_RESULT_OK);
    CHECK(eq(info.merchant_name, "Toko Berkah, BNY NYR") && eq(info.merchant_city, "PROBOLINGGO"));
    CHECK(eq(info.postal_code, "67275") && eq(info.mcc, "5499") && eq(info.currency, "360") && eq(info.country, "ID"));
    CHECK(eq(info.nmid, "ID1026572242539") && eq(info.terminal_label, "A01") && eq(info.point_of_initiation, "11"));
    CHECK(info.amount.ptr == NULL && info.bill_number.ptr == NULL && !info.is_dynamic && info.crc_ok);
    CHECK(info.merchant_account_count == 2 && eq(info.payload, TOKO));
    qris_merchant_account a;
    CHECK(qris_payload_merchant_account(p, 0, &a) == QRIS_RESULT_OK);
    CHECK(a.id == 26 && eq(a.guid, "COM.GO-JEK.WWW") && eq(a.pan, "936009143464885536") && eq(a.criteria, "UMI"));
    CHECK(!a.is_qris_repository && a.acquirer.ptr != NULL);
    CHECK(qris_payload_merchant_account(p, 1, &a) == QRIS_RESULT_OK && a.id == 51 && a.is_qris_repository);
    CHECK(qris_payload_merchant_account(p, 2, &a) == QRIS_RESULT_NOT_FOUND);

    /* A clean payload's report is empty. */
    qris_report *r = NULL;
    CHECK(qris_payload_validate(p, &r) == QRIS_RESULT_OK && qris_report_is_valid(r) && qris_report_len(r) == 0);
    qris_diagnostic d;
    CHECK(qris_report_get(r, 0, &d) == QRIS_RESULT_NOT_FOUND);
    qris_report_free(r);
    qris_payload_free(p);

    /* Re-parsing into the same handle: a new payload, or unchanged on failure. */
    const char *dana = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";
    CHECK(qris_payload_parse(S(TOKO), false, &p) == QRIS_RESULT_OK);
    CHECK(qris_payload_reparse(p, S(dana), false) == QRIS_RESULT_OK);
    CHECK(qris_payload_read_fields(p, &info) == QRIS_RESULT_OK && eq(info.merchant_name, "BoonTrack"));
    CHECK(qris_payload_reparse(p, S("garbage"), false) == QRIS_RESULT_INVALID_PAYLOAD);
    CHECK(qris_payload_read_fields(p, &info) == QRIS_RESULT_OK && eq(info.merchant_name, "BoonTrack"));
    CHECK(qris_payload_reparse(NULL, S(dana), false) == QRIS_RESULT_NULL_PARAMETER);
    qris_payload_free(p);

    /* NULL handles: counts are 0, calls say NULL_PARAMETER, frees are no-ops. */
    CHECK(qris_payload_object_count(NULL) == 0 && qris_report_len(NULL) == 0 && !qris_report_is_valid(NULL));
    CHECK(qris_payload_read_fields(NULL, &info) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_payload_parse(S(TOKO), false, NULL) == QRIS_RESULT_NULL_PARAMETER);
    qris_payload_free(NULL);
    qris_report_free(NULL);
    qris_builder_free(NULL);

    /* Lenient vs strict: a trailing newline. */
    char padded[512];
    snprintf(padded, sizeof padded, "%s\r\n", TOKO);
    CHECK(qris_payload_parse(S(padded), false, &p) == QRIS_RESULT_OK);
    CHECK(qris_payload_read_fields(p, &info) == QRIS_RESULT_OK && eq(info.payload, TOKO));
    qris_payload_free(p);
    p = NULL;
    CHECK(qris_payload_parse(S(padded), true, &p) == QRIS_RESULT_INVALID_PAYLOAD && p == NULL);
    CHECK(qris_validate_report(S(padded), true, &r) == QRIS_RESULT_OK);
    CHECK(qris_report_len(r) >= 1 && qris_report_get(r, 0, &d) == QRIS_RESULT_OK && strcmp(d.code, "input.trimmed") == 0);
    qris_report_free(r);

    /* Hostile input: empty, not UTF-8, garbage, too long. */
    CHECK(qris_payload_parse(NULL, 0, false, &p) == QRIS_RESULT_INVALID_PAYLOAD);
    const uint8_t bad[] = {'0', '0', 0xC3, 0x28};
    CHECK(qris_payload_parse(bad, sizeof bad, false, &p) == QRIS_RESULT_INVALID_PAYLOAD);
    CHECK(qris_validate_report(bad, sizeof bad, false, &r) == QRIS_RESULT_OK);
    CHECK(qris_report_get(r, 0, &d) == QRIS_RESULT_OK && strcmp(d.code, "input.utf8") == 0 && d.offset == 2);
    qris_report_free(r);
    static uint8_t huge[100000];
    memset(huge, '0', sizeof huge);
    CHECK(qris_payload_parse(huge, sizeof huge, false, &p) == QRIS_RESULT_INVALID_PAYLOAD);
    CHECK(qris_validate_report(huge, sizeof huge, false, &r) == QRIS_RESULT_OK);
    CHECK(qris_report_get(r, 0, &d) == QRIS_RESULT_OK && strcmp(d.code, "input.too_long") == 0);
    qris_report_free(r);
    /* An interior NUL in a value reaches the message as text, not a cut string. */
    const char nul_name[] = "0002010102115908Wa\0ung 16304ABCD";
    CHECK(qris_validate_report((const uint8_t *)nul_name, sizeof nul_name - 1, false, &r) == QRIS_RESULT_OK);
    CHECK(!qris_report_is_valid(r) && qris_report_len(r) > 0);
    qris_report_free(r);
}

static void batch(void) {
    qris_str items[4] = {STR(TOKO), STR("garbage"), {NULL, 0}, STR(TOKO)};
    bool valid[4] = {false, true, true, false};
    size_t errors[4] = {9, 9, 9, 9};
    CHECK(qris_validate_many(items, 4, false, valid, errors) == QRIS_RESULT_OK);
    CHECK(valid[0] && !valid[1] && !valid[2] && valid[3]);
    CHECK(errors[0] == 0 && errors[1] >= 1 && errors[2] == 1 && errors[3] == 0);
    CHECK(qris_validate_many(items, 4, false, valid, NULL) == QRIS_RESULT_OK);
    CHECK(qris_validate_many(NULL, 0, false, NULL, NULL) == QRIS_RESULT_OK);
    CHECK(qris_validate_many(NULL, 1, false, valid, NULL) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_validate_many(items, (size_t)QRIS_MAX_BATCH + 1, false, valid, NULL) == QRIS_RESULT_INVALID_ARGUMENT);
    qris_str bad_item[1] = {{NULL, 3}};
    CHECK(qris_validate_many(bad_item, 1, false, valid, NULL) == QRIS_RESULT_NULL_PARAMETER);
}

static void conversion_options(void) {
    uint8_t out[512];
    size_t len = 0;
    /* Every option: fee 2.5 %, bill, reference, terminal. */
    qris_dynamic_options opts = {STR("17000"), QRIS_TIP_PERCENT, STR("2.5"), STR("INV-7"), STR("REF9"), STR("K2"), false};
    CHECK(qris_to_dynamic(S(TOKO), &opts, out, sizeof out, &len) == QRIS_RESULT_OK);
    qris_payload *p = NULL;
    CHECK(qris_payload_parse(out, len, true, &p) == QRIS_RESULT_OK);
    qris_payload_fields info;
    CHECK(qris_payload_read_fields(p, &info) == QRIS_RESULT_OK);
    CHECK(info.is_dynamic && eq(info.amount, "17000") && eq(info.tip_indicator, "03") && eq(info.fee_percent, "2.5"));
    CHECK(info.fee_fixed.ptr == NULL && eq(info.bill_number, "INV-7") && eq(info.reference_label, "REF9"));
    CHECK(eq(info.terminal_label, "K2"));
    qris_payload_free(p);
    /* Tip prompt. */
    qris_dynamic_options prompt = {STR("5000"), QRIS_TIP_PROMPT, NONE, NONE, NONE, NONE, false};
    CHECK(qris_to_dynamic(S(TOKO), &prompt, out, sizeof out, &len) == QRIS_RESULT_OK);
    CHECK(contains(out, len, "540450005502015802ID"));
    /* Refusals: a bad amount, a fee without a kind, an unknown tip kind, no amount. */
    qris_dynamic_options bad = {STR("1,5"), QRIS_TIP_NONE, NONE, NONE, NONE, NONE, false};
    CHECK(qris_to_dynamic(S(TOKO), &bad, out, sizeof out, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    bad = (qris_dynamic_options){STR("100"), QRIS_TIP_NONE, STR("5"), NONE, NONE, NONE, false};
    CHECK(qris_to_dynamic(S(TOKO), &bad, out, sizeof out, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    bad = (qris_dynamic_options){STR("100"), 7, NONE, NONE, NONE, NONE, false};
    CHECK(qris_to_dynamic(S(TOKO), &bad, out, sizeof out, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    bad = (qris_dynamic_options){NONE, QRIS_TIP_NONE, NONE, NONE, NONE, NONE, false};
    CHECK(qris_to_dynamic(S(TOKO), &bad, out, sizeof out, &len) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_to_dynamic(S(TOKO), NULL, out, sizeof out, &len) == QRIS_RESULT_NULL_PARAMETER);
    /* A wrong CRC is refused unless forced. */
    char broken[512];
    strcpy(broken, TOKO);
    memcpy(broken + strlen(broken) - 4, "0000", 4);
    qris_dynamic_options ok = {STR("100"), QRIS_TIP_NONE, NONE, NONE, NONE, NONE, false};
    CHECK(qris_to_dynamic(S(broken), &ok, out, sizeof out, &len) == QRIS_RESULT_INVALID_PAYLOAD);
    ok.force = true;
    CHECK(qris_to_dynamic(S(broken), &ok, out, sizeof out, &len) == QRIS_RESULT_OK);
    /* Buffer too small: only the needed length is written. */
    uint8_t tiny[4] = {1, 2, 3, 4};
    len = 0;
    CHECK(qris_to_dynamic(S(TOKO), &prompt, tiny, sizeof tiny, &len) == QRIS_RESULT_BUFFER_TOO_SMALL);
    CHECK(len > 200 && tiny[0] == 1 && tiny[3] == 4);
    CHECK(qris_to_static(S(TOKO), false, NULL, 0, &len) == QRIS_RESULT_BUFFER_TOO_SMALL && len == strlen(TOKO));
}

static void building(void) {
    qris_builder *b = NULL;
    CHECK(qris_builder_new(&b) == QRIS_RESULT_OK);
    /* The builder doc example, in C; inserted out of order on purpose. */
    CHECK(qris_builder_set(b, S("59"), S("Warung Budi")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("00"), S("01")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("01"), S("11")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("26.00"), S("ID.DANA.WWW")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("26.01"), S("936009153033796827")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("52"), S("7372")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("53"), S("360")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("58"), S("ID")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("60"), S("Bandung")) == QRIS_RESULT_OK);
    CHECK(qris_builder_set(b, S("63"), S("ABCD")) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_builder_set(b, S("59"), S("")) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_builder_set(b, S("x"), S("1")) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_builder_set(NULL, S("59"), S("x")) == QRIS_RESULT_NULL_PARAMETER);
    uint8_t out[512];
    size_t len = 0;
    CHECK(qris_builder_build(b, out, sizeof out, &len) == QRIS_RESULT_OK);
    const char *want_prefix = "00020101021126370011ID.DANA.WWW0118936009153033796827520473725303360" "5802ID5911Warung Budi6007Bandung6304";
    CHECK(len == strlen(want_prefix) + 4 && memcmp(out, want_prefix, strlen(want_prefix)) == 0);
    char crc[4];
    CHECK(qris_crc16(out, len - 4, crc) == QRIS_RESULT_OK && memcmp(crc, out + len - 4, 4) == 0);
    CHECK(qris_builder_remove(b, S("26.01")) == QRIS_RESULT_OK);
    CHECK(qris_builder_build(b, out, sizeof out, &len) == QRIS_RESULT_OK);
    CHECK(contains(out, len, "26150011ID.DANA.WWW52"));
    qris_builder_free(b);

    /* Editing: unchanged is byte for byte; the input may be freed right away. */
    char *copy = malloc(strlen(TOKO) + 1);
    strcpy(copy, TOKO);
    b = NULL;
    CHECK(qris_builder_from_payload((const uint8_t *)copy, strlen(copy), &b) == QRIS_RESULT_OK);
    free(copy);
    CHECK(qris_builder_build(b, out, sizeof out, &len) == QRIS_RESULT_OK);
    CHECK(len == strlen(TOKO) && memcmp(out, TOKO, len) == 0);
    CHECK(qris_builder_set(b, S("59"), S("Toko Baru")) == QRIS_RESULT_OK);
    CHECK(qris_builder_build(b, out, sizeof out, &len) == QRIS_RESULT_OK);
    CHECK(contains(out, len, "5909Toko Baru6011PROBOLINGGO"));
    qris_builder_free(b);
    b = NULL;
    CHECK(qris_builder_from_payload(S("garbage"), &b) == QRIS_RESULT_INVALID_PAYLOAD && b == NULL);
}

/* CRC check value of the catalogue; validation counts; static -> dynamic (GoPay's own code). */
static void crc_validation_dynamic(void) {
    char crc[4];
    size_t len = 0;
    CHECK(qris_crc16(S("123456789"), crc) == QRIS_RESULT_OK);
    CHECK(memcmp(crc, "29B1", 4) == 0);
    CHECK(qris_crc16(NULL, 0, crc) == QRIS_RESULT_OK); /* (NULL, 0) is empty */
    CHECK(memcmp(crc, "FFFF", 4) == 0);
    CHECK(qris_crc16(NULL, 5, crc) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_crc16(S("x"), NULL) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_crc16((const uint8_t *)TOKO, SIZE_MAX, crc) == QRIS_RESULT_INVALID_ARGUMENT);

    bool valid = false;
    size_t errors = 99, warnings = 99;
    CHECK(qris_validate(S(TOKO), false, &valid, &errors, &warnings) == QRIS_RESULT_OK);
    CHECK(valid && errors == 0 && warnings == 0);
    CHECK(qris_validate(S("0002010102116304ABCD"), false, &valid, &errors, NULL) == QRIS_RESULT_OK);
    CHECK(!valid && errors > 0);
    /* Bytes that are not UTF-8: a diagnostic (input.utf8), like any other error. */
    const uint8_t not_utf8[] = {0x30, 0xff, 0x30};
    CHECK(qris_validate(not_utf8, sizeof not_utf8, false, &valid, &errors, NULL) == QRIS_RESULT_OK);
    CHECK(!valid && errors == 1);

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
}

int main(void) {
    public_vectors();
    conversion_vectors();
    objects_and_fields();
    batch();
    conversion_options();
    building();
    crc_validation_dynamic();
    return finish("C ABI emv tests");
}
