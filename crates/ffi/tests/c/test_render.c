/* C tests of qris-render through the C ABI: PNG, SVG (with a caption), ESC/POS,
 * the module matrix; options (error correction, force), broken payloads refused. */
#include "test.h"

static const char *TOKO =
    "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";

int main(void) {
    static uint8_t image[1 << 20];
    size_t len = 0, width = 0;

    /* Defaults (NULL options): ECC M, the payload checked first. */
    CHECK(qris_render_png(S(TOKO), NULL, 4, image, sizeof image, &len) == QRIS_RESULT_OK);
    CHECK(len > 8 && memcmp(image, "\x89PNG\r\n\x1a\n", 8) == 0);
    CHECK(qris_render_png(S(TOKO), NULL, 0, image, sizeof image, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_render_png(S(TOKO), NULL, 65, image, sizeof image, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_render_escpos(S(TOKO), NULL, QRIS_PAPER_MM58, image, sizeof image, &len) == QRIS_RESULT_OK);
    CHECK(len > 8 && image[0] == 0x1D && image[1] == 0x76 && image[2] == 0x30 && image[4] == 48);
    CHECK(qris_render_escpos(S(TOKO), NULL, 57, image, sizeof image, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_render_matrix(S(TOKO), NULL, image, sizeof image, &len, &width) == QRIS_RESULT_OK);
    CHECK(width >= 29 && len == width * width);
    CHECK(image[0] == 0 && image[4 * width + 4] == 1); /* quiet zone light, finder corner dark */

    /* A zeroed options struct is the defaults; ECC H makes a larger symbol. */
    qris_render_options opts;
    memset(&opts, 0, sizeof opts);
    size_t width_m = 0, width_h = 0;
    CHECK(qris_render_matrix(S(TOKO), &opts, image, sizeof image, &len, &width_m) == QRIS_RESULT_OK && width_m == width);
    opts.ecc = QRIS_ECC_H;
    CHECK(qris_render_matrix(S(TOKO), &opts, image, sizeof image, &len, &width_h) == QRIS_RESULT_OK && width_h > width_m);
    opts.ecc = 9;
    CHECK(qris_render_matrix(S(TOKO), &opts, image, sizeof image, &len, &width) == QRIS_RESULT_INVALID_ARGUMENT);

    /* SVG, with and without a caption. */
    CHECK(qris_render_svg(S(TOKO), NULL, image, sizeof image, &len) == QRIS_RESULT_OK);
    CHECK(len > 100 && memcmp(image, "<svg", 4) == 0 && memcmp(image + len - 6, "</svg>", 6) == 0);
    CHECK(!contains(image, len, "<text"));
    memset(&opts, 0, sizeof opts);
    opts.caption = STR("Toko Berkah");
    CHECK(qris_render_svg(S(TOKO), &opts, image, sizeof image, &len) == QRIS_RESULT_OK);
    CHECK(contains(image, len, "Toko Berkah"));

    /* A broken payload is refused, unless forced. */
    CHECK(qris_render_png(S("0002010102116304ABCD"), NULL, 4, image, sizeof image, &len) == QRIS_RESULT_INVALID_PAYLOAD);
    memset(&opts, 0, sizeof opts);
    opts.force = true;
    CHECK(qris_render_png(S("0002010102116304ABCD"), &opts, 4, image, sizeof image, &len) == QRIS_RESULT_OK);
    CHECK(qris_render_png(NULL, 3, NULL, 4, image, sizeof image, &len) == QRIS_RESULT_NULL_PARAMETER);
    return finish("C ABI render tests");
}
