/* C tests of image scanning through the C ABI: a published payload rendered
 * by the library, read back from raw pixels in every layout (with a row
 * stride) and from a PNG file; the cursor iterator; the sticker check; hostile
 * images. */
#include "test.h"

static const char *DANA = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";

/* The payload's modules, `k` pixels each, as an 8-bit gray image. */
static uint8_t *gray_code(const char *payload, int force, size_t k, size_t *side) {
    static uint8_t modules[200 * 200];
    size_t len = 0, width = 0;
    qris_render_options opts = {0};
    opts.ecc = QRIS_ECC_M;
    opts.force = force != 0;
    CHECK(qris_render_matrix(S(payload), &opts, modules, sizeof modules, &len, &width) == QRIS_RESULT_OK);
    *side = width * k;
    uint8_t *px = malloc(*side * *side);
    for (size_t y = 0; y < *side; y++)
        for (size_t x = 0; x < *side; x++) px[y * *side + x] = modules[(y / k) * width + x / k] ? 0 : 255;
    return px;
}

static void every_layout(void) {
    size_t side = 0;
    uint8_t *g = gray_code(DANA, 0, 3, &side);
    const uint32_t formats[] = {QRIS_PIXEL_GRAY8, QRIS_PIXEL_RGB8, QRIS_PIXEL_RGBA8, QRIS_PIXEL_BGR8, QRIS_PIXEL_BGRA8};
    const size_t bpp[] = {1, 3, 4, 3, 4};
    for (size_t f = 0; f < 5; f++) {
        size_t stride = side * bpp[f] + 3;
        uint8_t *buf = calloc(stride * side, 1);
        for (size_t y = 0; y < side; y++)
            for (size_t x = 0; x < side; x++)
                for (size_t c = 0; c < bpp[f]; c++) buf[y * stride + x * bpp[f] + c] = c == 3 ? 255 : g[y * side + x];
        qris_scan *scan = NULL;
        CHECK(qris_scan_image(buf, stride * side, (uint32_t)side, (uint32_t)side, stride, formats[f], &scan) == QRIS_RESULT_OK);
        CHECK(qris_scan_count(scan) == 1);
        qris_scan_code code;
        CHECK(qris_scan_get(scan, 0, &code) == QRIS_RESULT_OK);
        CHECK(eq(code.text, DANA) && code.kind == QRIS_CODE_KIND_QRIS && code.valid);
        /* Corners within a module and a half of the symbol's edge (quiet zone 4 modules). */
        for (int i = 0; i < 8; i++) {
            float v = code.corners[i], lo = 12.0f, hi = (float)side - 12.0f;
            CHECK((v > lo - 5 && v < lo + 5) || (v > hi - 5 && v < hi + 5));
        }
        CHECK(qris_scan_get(scan, 1, &code) == QRIS_RESULT_NOT_FOUND);
        qris_scan_free(scan);
        free(buf);
    }
    free(g);
}

static void file_iterator_report_and_sticker(void) {
    static uint8_t png[64 * 1024];
    size_t png_len = 0;
    CHECK(qris_render_png(S(DANA), NULL, 4, png, sizeof png, &png_len) == QRIS_RESULT_OK);
    qris_scan *scan = NULL;
    CHECK(qris_scan_file(png, png_len, &scan) == QRIS_RESULT_OK);
    size_t cursor = 0, n = 0;
    qris_scan_code code;
    while (qris_scan_next(scan, &cursor, &code) == QRIS_RESULT_OK) {
        CHECK(eq(code.text, DANA));
        n++;
    }
    CHECK(n == 1 && cursor == 1);
    qris_report *r = NULL;
    CHECK(qris_scan_report(scan, 0, &r) == QRIS_RESULT_OK && qris_report_is_valid(r) && qris_report_len(r) == 0);
    qris_report_free(r);

    qris_sticker_expected genuine = {STR("ID1026564075103"), NONE, STR("BoonTrack"), STR("Kab. Bandung")};
    qris_sticker_verdict v = QRIS_STICKER_VERDICT_UNREADABLE;
    char msg[256];
    size_t msg_len = 0;
    CHECK(qris_scan_sticker(scan, &genuine, &v, (uint8_t *)msg, sizeof msg, &msg_len) == QRIS_RESULT_OK);
    CHECK(v == QRIS_STICKER_VERDICT_MATCH);
    qris_sticker_expected other = {STR("ID2019002291555"), NONE, NONE, NONE};
    CHECK(qris_scan_sticker(scan, &other, &v, (uint8_t *)msg, sizeof msg, &msg_len) == QRIS_RESULT_OK);
    CHECK(v == QRIS_STICKER_VERDICT_MISMATCH);
    CHECK(contains(msg, msg_len, "NMID ID1026564075103 is not the expected ID2019002291555"));
    /* The verdict without the message; a message buffer too small. */
    CHECK(qris_scan_sticker(scan, &other, &v, NULL, 0, NULL) == QRIS_RESULT_OK && v == QRIS_STICKER_VERDICT_MISMATCH);
    CHECK(qris_scan_sticker(scan, &other, &v, (uint8_t *)msg, 4, &msg_len) == QRIS_RESULT_BUFFER_TOO_SMALL && msg_len > 4);
    qris_sticker_expected empty = {STR("  "), NONE, NONE, NONE};
    CHECK(qris_scan_sticker(scan, &empty, &v, NULL, 0, NULL) == QRIS_RESULT_INVALID_ARGUMENT);
    qris_scan_free(scan);

    /* A URL: read, not a payment code, no sticker. */
    size_t side = 0;
    uint8_t *g = gray_code("https://example.com/menu", 1, 4, &side);
    CHECK(qris_scan_image(g, side * side, (uint32_t)side, (uint32_t)side, side, QRIS_PIXEL_GRAY8, &scan) == QRIS_RESULT_OK);
    CHECK(qris_scan_get(scan, 0, &code) == QRIS_RESULT_OK && code.kind == QRIS_CODE_KIND_OTHER && !code.valid);
    CHECK(qris_scan_sticker(scan, &genuine, &v, NULL, 0, NULL) == QRIS_RESULT_OK && v == QRIS_STICKER_VERDICT_NOT_QRIS);
    qris_scan_free(scan);
    free(g);
}

static void hostile_images(void) {
    static uint8_t px[100];
    qris_scan *scan = NULL;
    CHECK(qris_scan_image(px, sizeof px, 10, 10, 9, QRIS_PIXEL_GRAY8, &scan) == QRIS_RESULT_INVALID_IMAGE && scan == NULL);
    CHECK(qris_scan_image(px, sizeof px, 10, 10, 30, QRIS_PIXEL_RGB8, &scan) == QRIS_RESULT_INVALID_IMAGE);
    CHECK(qris_scan_image(px, sizeof px, 0, 10, 10, QRIS_PIXEL_GRAY8, &scan) == QRIS_RESULT_INVALID_IMAGE);
    CHECK(qris_scan_image(px, sizeof px, 100000, 100000, 100000, QRIS_PIXEL_GRAY8, &scan) == QRIS_RESULT_INVALID_IMAGE);
    CHECK(qris_scan_image(px, sizeof px, 10, 10, 10, 99, &scan) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_scan_image(NULL, 100, 10, 10, 10, QRIS_PIXEL_GRAY8, &scan) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_scan_image(px, sizeof px, 10, 10, 10, QRIS_PIXEL_GRAY8, NULL) == QRIS_RESULT_NULL_PARAMETER);
    CHECK(qris_scan_file(S("GIF89a"), &scan) == QRIS_RESULT_INVALID_IMAGE);
    CHECK(qris_scan_file((const uint8_t *)"\x89PNG\r\n\x1a\n\0\0", 10, &scan) == QRIS_RESULT_INVALID_IMAGE);
    /* A blank image: a scan with no codes. */
    memset(px, 200, sizeof px);
    CHECK(qris_scan_image(px, sizeof px, 10, 10, 10, QRIS_PIXEL_GRAY8, &scan) == QRIS_RESULT_OK && qris_scan_count(scan) == 0);
    qris_sticker_expected e = {STR("ID1026564075103"), NONE, NONE, NONE};
    qris_sticker_verdict v;
    CHECK(qris_scan_sticker(scan, &e, &v, NULL, 0, NULL) == QRIS_RESULT_OK && v == QRIS_STICKER_VERDICT_UNREADABLE);
    size_t cursor = 0;
    qris_scan_code code;
    CHECK(qris_scan_next(scan, &cursor, &code) == QRIS_RESULT_NOT_FOUND && cursor == 0);
    CHECK(qris_scan_next(scan, NULL, &code) == QRIS_RESULT_NULL_PARAMETER);
    qris_scan_free(scan);
    CHECK(qris_scan_count(NULL) == 0);
    qris_scan_free(NULL);
    char msg[256];
    size_t len = 0;
    CHECK(qris_result_message(QRIS_RESULT_INVALID_IMAGE, msg, sizeof msg, &len) == QRIS_RESULT_OK);
    CHECK(contains(msg, len, "image"));
}

int main(void) {
    every_layout();
    file_iterator_report_and_sticker();
    hostile_images();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    puts("test_scan: ok");
    return 0;
}
