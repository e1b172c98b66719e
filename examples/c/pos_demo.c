/* pos_demo: what a QRIS point of sale does, with libqris.
 *
 *   1. read the merchant's static QRIS (printed on the counter sticker),
 *   2. make a dynamic code for this sale's amount and show it as a QR,
 *   3. when the payment notification arrives, verify it and decide whether to
 *      hand over the goods.
 *
 * Build (after `make install PREFIX=/opt/qris`):
 *   export PKG_CONFIG_PATH=/opt/qris/lib/pkgconfig
 *   cc -std=c99 pos_demo.c $(pkg-config --cflags --libs libqris) -o pos_demo
 * Run:
 *   ./pos_demo [static-qris] [amount]
 */
#include <stdio.h>
#include <string.h>
#include "libqris.h"

/* Inputs are (pointer, length) pairs; this macro passes a C string as one. */
#define STR(s) (const uint8_t *)(s), strlen(s)

/* A real GoPay merchant sticker (public test vector). */
static const char *STICKER =
    "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";

/* Prints why a call failed and returns 1 (for `return fail(...)`). */
static int fail(const char *what, qris_result r) {
    char msg[128];
    size_t len = 0;
    qris_result_message(r, msg, sizeof msg, &len);
    fprintf(stderr, "%s: %.*s (code %u)\n", what, (int)len, msg, (unsigned)r);
    return 1;
}

/* Draws a QR code in the terminal, two module rows per text line. */
static int print_qr(const uint8_t *payload, size_t len) {
    static uint8_t modules[200 * 200];
    size_t n = 0, width = 0;
    qris_result r = qris_render_matrix(payload, len, NULL, modules, sizeof modules, &n, &width);
    if (r != QRIS_RESULT_OK) return fail("render", r);
    for (size_t y = 0; y < width; y += 2) {
        for (size_t x = 0; x < width; x++) {
            int top = modules[y * width + x];
            int bottom = y + 1 < width ? modules[(y + 1) * width + x] : 0;
            /* For a dark terminal: light modules are drawn in the (light) text colour. */
            fputs(top && bottom ? " " : top ? "\u2584" : bottom ? "\u2580" : "\u2588", stdout);
        }
        putchar('\n');
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *sticker = argc > 1 ? argv[1] : STICKER;
    /* Order 1111 for Rp 100000: the sale in Midtrans' documented notification. */
    const char *amount = argc > 2 ? argv[2] : "100000";
    const char *order_id = "1111";
    printf("libqris %s\n\n", qris_version());

    /* 1. Read the sticker. The handle borrows `sticker`: nothing is copied. */
    qris_payload *p = NULL;
    qris_result r = qris_payload_parse(STR(sticker), false, &p);
    if (r != QRIS_RESULT_OK) return fail("the sticker is not a valid QRIS", r);
    qris_payload_fields f;
    qris_payload_read_fields(p, &f);
    printf("Merchant: %.*s, %.*s (NMID %.*s)\n", (int)f.merchant_name.len, (const char *)f.merchant_name.ptr,
           (int)f.merchant_city.len, (const char *)f.merchant_city.ptr, (int)f.nmid.len, (const char *)f.nmid.ptr);
    qris_payload_free(p);

    /* 2. A dynamic code for this sale: the amount and our bill number. */
    qris_dynamic_options opts = {0};
    opts.amount = (qris_str){(const uint8_t *)amount, strlen(amount)};
    opts.tip = QRIS_TIP_NONE;
    opts.bill = (qris_str){(const uint8_t *)order_id, strlen(order_id)};
    uint8_t dynamic[512];
    size_t len = 0;
    r = qris_to_dynamic(STR(sticker), &opts, dynamic, sizeof dynamic, &len);
    if (r != QRIS_RESULT_OK) return fail("cannot make the dynamic code", r);
    printf("Amount:   Rp %s\nPayload:  %.*s\n\n", amount, (int)len, (const char *)dynamic);
    if (print_qr(dynamic, len)) return 1;

    /* 3. Midtrans posts the payment notification to our server. Check its
     *    signature_key with our server key before believing a word of it, and
     *    that it is for this order and this amount (a genuine notification for
     *    another order must not hand over these goods). */
    const char *notification =
        "{\"order_id\":\"1111\",\"status_code\":\"200\",\"gross_amount\":\"100000.00\","
        "\"signature_key\":\"edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231\","
        "\"transaction_status\":\"settlement\",\"fraud_status\":\"accept\",\"payment_type\":\"qris\"}";
    const char *server_key = "askvnoibnosifnboseofinbofinfgbiufglnbfg";
    qris_midtrans_expected sale = {{(const uint8_t *)order_id, strlen(order_id)}, {(const uint8_t *)amount, strlen(amount)}};
    qris_midtrans_notification n;
    r = qris_midtrans_verify_notification(STR(notification), STR(server_key), &sale, &n);
    if (r != QRIS_RESULT_OK) return fail("notification rejected", r);
    printf("\nNotification verified: order %s, Rp %s, outcome %u, hand over the goods: %s\n", n.order_id,
           n.gross_amount, (unsigned)n.outcome, n.deliver ? "YES" : "no");
    bool paid = n.deliver;

    /* The same body checked with another key is refused: a forgery. */
    r = qris_midtrans_verify_notification(STR(notification), STR("not-our-key"), &sale, &n);
    printf("Forged notification: %s\n", r == QRIS_RESULT_INVALID_SIGNATURE ? "rejected" : "ACCEPTED?!");
    return paid && r == QRIS_RESULT_INVALID_SIGNATURE ? 0 : 1;
}
