/* C tests of qris-snap through the C ABI: Midtrans notifications (verified
 * fields, the merchant's record, forgeries refused or never delivered), SNAP
 * notifications and their acknowledgements, response codes, outcome names. */
#include "test.h"

/* snap-public.json, midtrans_demo_notification_generation. */
static const char *NOTIFY_BODY =
    "{\"createdTime\":\"2020-01-01T00:00:00+07:00\",\"latestTransactionStatus\":\"00\",\"originalReferenceNo\":\"gopayOrderId\",\"finishedTime\":\"2020-01-02T00:00:00+07:00\",\"originalPartnerReferenceNo\":\"merchant-order-id\",\"transactionStatusDesc\":\"desc\",\"originalExternalId\":\"merchant-order-id\",\"additionalInfo\":{\"payOptionDetails\":[{\"payMethod\":\"GOPAY\",\"payOption\":\"GOPAY_WALLET\"}],\"fraudStatus\":\"accept\",\"refundHistory\":[{\"refundNo\":\"96194816941239812\",\"partnerReferenceNo\":\"239850918204981205970\",\"refundAmount\":{\"value\":\"12345678.00\",\"currency\":\"IDR\"},\"refundStatus\":\"00\",\"refundDate\":\"2020-12-23T07:44:16+07:00\",\"reason\":\"Customer Complain\"}],\"validUpTo\":\"2021-01-01T00:00:00+07:00\"}}";
static const char *NOTIFY_SIG =
    "eUGsomFLNsjWzehgGsa317MqcVOgscay/Hml8yNmOsFhmoBM7pso+UPDgSe34anXvecSQkf5NOr0fbr8k9qdyyoWiYX7DTq/Wnz8XC0cRCCbNZfyLIyF33HO9cnvxOcRQq9DuWlQtld+uEluuivVdN2TiaWLpUTmfB/H7noZnXWWDj6FYa4n5kSo4o3aTeFYAF9EmLp0Tcsl8CiHSQCrQnIbB8M2+puLwyJ1l2OocvZ5qgjf5f2DqlCbemsSMzYzjN+YMrb0kiDx0TiW5UTk+WZass43xIfb3vdrlX+U2JSk5YsJ8lFpp9F+7FId4cyncElNFEbt3zWuP4iDzXteCg==";
static const char *NOTIFY_TS = "2024-03-05T10:37:16.196Z";
static const int64_t NOTIFY_UNIX = 1709635036; /* 2024-03-05T10:37:16Z */

static void midtrans_notifications(void) {
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

}

static void snap_notifications(void) {
    size_t plen = 0, len = 0;
    char *pub_pem = read_vector("midtrans-doc-public-spki.pem", &plen);
    qris_public_key *pub = NULL;
    CHECK(qris_public_key_load((const uint8_t *)pub_pem, plen, &pub) == QRIS_RESULT_OK);

    /* Verified at the published time: outcome paid, and the answer to send. */
    qris_outcome outcome = QRIS_OUTCOME_UNKNOWN;
    bool deliver = false;
    qris_request req = REQUEST("POST", "/v1.0/debit/notify", "", NOTIFY_BODY, NOTIFY_TS);
    CHECK(qris_snap_verify_notification(pub, &req, S(NOTIFY_SIG), &NOTIFY_UNIX, 300, &outcome, &deliver) == QRIS_RESULT_OK);
    CHECK(outcome == QRIS_OUTCOME_PAID && deliver);
    uint16_t http = 0;
    char ack[256];
    CHECK(qris_snap_notification_ack(QRIS_RESULT_OK, S("/v1.0/debit/notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    const char *ok_ack = "{\"responseCode\":\"2005600\",\"responseMessage\":\"Request has been processed successfully\"}";
    CHECK(http == 200 && len == strlen(ok_ack) && memcmp(ack, ok_ack, len) == 0);
    /* An hour later it is stale (a replay); a wrong path is a bad signature. */
    int64_t later = NOTIFY_UNIX + 3600;
    outcome = QRIS_OUTCOME_UNKNOWN;
    qris_result r = qris_snap_verify_notification(pub, &req, S(NOTIFY_SIG), &later, 300, &outcome, &deliver);
    CHECK(r == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW && outcome == QRIS_OUTCOME_UNKNOWN); /* outputs untouched */
    CHECK(qris_snap_notification_ack(r, S("/v1.0/debit/notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    CHECK(http == 401 && contains(ack, len, "4015600"));
    qris_request qr = REQUEST("POST", "/v1.0/qr/qr-mpm-notify", "", NOTIFY_BODY, NOTIFY_TS);
    r = qris_snap_verify_notification(pub, &qr, S(NOTIFY_SIG), &NOTIFY_UNIX, 300, NULL, NULL);
    CHECK(r == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(qris_snap_notification_ack(r, S("/v1.0/qr/qr-mpm-notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    CHECK(http == 401 && contains(ack, len, "4015200"));
    qris_request yesterday = REQUEST("POST", "/v1.0/debit/notify", "", NOTIFY_BODY, "yesterday");
    CHECK(qris_snap_verify_notification(pub, &yesterday, S(NOTIFY_SIG), &NOTIFY_UNIX, 300, NULL, NULL) == QRIS_RESULT_INVALID_TIMESTAMP);
    CHECK(qris_snap_notification_ack(QRIS_RESULT_INVALID_JSON, S("/v1.0/debit/notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    CHECK(http == 400 && contains(ack, len, "4005601"));
    CHECK(qris_snap_notification_ack(QRIS_RESULT_PANIC, S("/x"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_INVALID_ARGUMENT);
    CHECK(qris_snap_verify_notification(NULL, &req, S(NOTIFY_SIG), &NOTIFY_UNIX, 300, NULL, NULL) == QRIS_RESULT_NULL_PARAMETER);

    qris_public_key_free(pub);
    free(pub_pem);
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

/* The names of enum values: the spelling of the CLI's JSON and Python. */
static void names(void) {
    CHECK(eq(qris_outcome_name(QRIS_OUTCOME_PAID), "paid"));
    CHECK(eq(qris_outcome_name(QRIS_OUTCOME_PARTIALLY_REFUNDED), "partially_refunded"));
    CHECK(eq(qris_outcome_name(QRIS_OUTCOME_NOT_FOUND), "not_found"));
    CHECK(eq(qris_outcome_name(1234), "unknown"));
    CHECK(eq(qris_retry_name(QRIS_RETRY_CHECK_STATUS), "check_status"));
    CHECK(eq(qris_retry_name(QRIS_RETRY_SAME_EXTERNAL_ID), "same_external_id"));
    CHECK(qris_retry_name(77).len == 0);
}

/* A callback store of the caller's own: a tiny table, counting calls; `fail`
 * makes it answer "cannot say". */
typedef struct {
    char keys[8][600];
    int64_t expires[8];
    int n, calls, fail;
} table_store;

static int32_t table_insert(void *ctx, const uint8_t *key, size_t key_len, int64_t now, int64_t expires) {
    table_store *t = ctx;
    t->calls++;
    if (t->fail) return -1;
    if (key_len >= sizeof t->keys[0]) return -1;
    for (int i = 0; i < t->n; i++) {
        if (strlen(t->keys[i]) == key_len && memcmp(t->keys[i], key, key_len) == 0) {
            if (t->expires[i] > now) return 0;
            t->expires[i] = expires;
            return 1;
        }
    }
    if (t->n == 8) return -1;
    memcpy(t->keys[t->n], key, key_len);
    t->keys[t->n][key_len] = '\0';
    t->expires[t->n++] = expires;
    return 1;
}

/* The replay guard: a notification is acted on once; its replay under another
 * X-EXTERNAL-ID (not signed) is refused too; the answer is 409; a forgery never
 * reaches the store; a store that cannot answer refuses (500). */
static void replay_guard(void) {
    size_t plen = 0, len = 0;
    char *pub_pem = read_vector("midtrans-doc-public-spki.pem", &plen);
    qris_public_key *pub = NULL;
    CHECK(qris_public_key_load((const uint8_t *)pub_pem, plen, &pub) == QRIS_RESULT_OK);
    qris_request req = REQUEST("POST", "/v1.0/debit/notify", "", NOTIFY_BODY, NOTIFY_TS);
    qris_replay_store *memory = NULL;
    CHECK(qris_replay_store_memory_new(0, &memory) == QRIS_RESULT_OK && memory != NULL);
    bool deliver = false;
    CHECK(qris_snap_verify_notification_once(pub, &req, S(NOTIFY_SIG), STR("G099333790"), STR("E1"), memory,
                                             &NOTIFY_UNIX, 300, NULL, &deliver) == QRIS_RESULT_OK && deliver);
    qris_result r = qris_snap_verify_notification_once(pub, &req, S(NOTIFY_SIG), STR("G099333790"), STR("E1"), memory,
                                                       &NOTIFY_UNIX, 300, NULL, NULL);
    CHECK(r == QRIS_RESULT_REPLAYED);
    uint16_t http = 0;
    char ack[256];
    CHECK(qris_snap_notification_ack(r, S("/v1.0/debit/notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    CHECK(http == 409 && contains(ack, len, "4095600"));
    CHECK(qris_snap_verify_notification_once(pub, &req, S(NOTIFY_SIG), STR("G099333790"), STR("attacker"), memory,
                                             &NOTIFY_UNIX, 300, NULL, NULL) == QRIS_RESULT_REPLAYED);
    qris_replay_store_free(memory);

    table_store t;
    memset(&t, 0, sizeof t);
    qris_replay_store *mine = NULL;
    CHECK(qris_replay_store_callback_new(NULL, &t, &mine) == QRIS_RESULT_NULL_PARAMETER && mine == NULL);
    CHECK(qris_replay_store_callback_new(table_insert, &t, &mine) == QRIS_RESULT_OK);
    qris_request forged = REQUEST("POST", "/v1.0/debit/notify", "", "{\"latestTransactionStatus\":\"00\"}", NOTIFY_TS);
    CHECK(qris_snap_verify_notification_once(pub, &forged, S(NOTIFY_SIG), STR("P"), STR("E1"), mine, &NOTIFY_UNIX, 300,
                                             NULL, NULL) == QRIS_RESULT_INVALID_SIGNATURE);
    CHECK(t.calls == 0);
    CHECK(qris_snap_verify_notification_once(pub, &req, S(NOTIFY_SIG), STR("P"), STR("E1"), mine, &NOTIFY_UNIX, 300,
                                             NULL, &deliver) == QRIS_RESULT_OK && deliver);
    CHECK(t.calls == 2 && t.n == 2 && strncmp(t.keys[0], "snap-msg:", 9) == 0 && strlen(t.keys[0]) == 9 + 64 && strcmp(t.keys[1], "snap-id:P:E1") == 0);
    /* The ID is kept until midnight in Jakarta: 2024-03-06T00:00:00+07:00. */
    CHECK(t.expires[1] == 1709658000);
    CHECK(qris_snap_verify_notification_once(pub, &req, S(NOTIFY_SIG), STR("P"), STR("E2"), mine, &NOTIFY_UNIX, 300,
                                             NULL, NULL) == QRIS_RESULT_REPLAYED);
    t.fail = 1;
    memset(t.keys, 0, sizeof t.keys);
    t.n = 0;
    r = qris_snap_verify_notification_once(pub, &req, S(NOTIFY_SIG), STR("P"), STR("E3"), mine, &NOTIFY_UNIX, 300, NULL, NULL);
    CHECK(r == QRIS_RESULT_REPLAY_STORE);
    CHECK(qris_snap_notification_ack(r, S("/v1.0/debit/notify"), &http, (uint8_t *)ack, sizeof ack, &len) == QRIS_RESULT_OK);
    CHECK(http == 500);
    CHECK(qris_snap_verify_notification_once(pub, &req, S(NOTIFY_SIG), STR("P"), STR("E3"), NULL, &NOTIFY_UNIX, 300, NULL,
                                             NULL) == QRIS_RESULT_NULL_PARAMETER);
    qris_replay_store_free(mine);
    qris_replay_store_free(NULL);
    qris_public_key_free(pub);
    free(pub_pem);
}

int main(void) {
    midtrans_notifications();
    snap_notifications();
    replay_guard();
    response_codes();
    names();
    return finish("C ABI snap tests");
}
