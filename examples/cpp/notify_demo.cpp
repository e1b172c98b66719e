// notify_demo: libqris from C++ in a payment backend, with RAII handles.
//
//   - print the data-object tree of a merchant's QRIS,
//   - validate a batch of codes in one call (all cores),
//   - verify a GoPay SNAP payment notification (X-SIGNATURE, X-TIMESTAMP) and
//     build the acknowledgement to answer with.
//
// Build (static, after `make install PREFIX=/opt/qris`):
//   c++ -std=c++17 notify_demo.cpp $(pkg-config --cflags libqris) /opt/qris/lib/libqris.a
//       -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc -o notify_demo      (one line)
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libqris.h"

namespace {

// Every handle type gets a unique_ptr with its _free function.
template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *p) const { Free(p); }
};
using Payload = std::unique_ptr<qris_payload, Deleter<qris_payload, qris_payload_free>>;
using PublicKey = std::unique_ptr<qris_public_key, Deleter<qris_public_key, qris_public_key_free>>;

// Inputs are (pointer, length): std::string_view fits.
const uint8_t *ptr(std::string_view s) { return reinterpret_cast<const uint8_t *>(s.data()); }
qris_str str(std::string_view s) { return qris_str{ptr(s), s.size()}; }
std::string_view view(qris_str s) { return {reinterpret_cast<const char *>(s.ptr), s.len}; }

// Turns a result code into an exception with the library's message.
void check(qris_result r, const char *what) {
    if (r == QRIS_RESULT_OK) return;
    char msg[128];
    size_t len = 0;
    qris_result_message(r, msg, sizeof msg, &len);
    throw std::runtime_error(std::string(what) + ": " + std::string(msg, len));
}

void print_tree(const qris_payload *p, const qris_data_object &o, int indent) {
    std::printf("%*s%02u = \"%.*s\"\n", indent, "", unsigned(o.id), int(o.value.len), reinterpret_cast<const char *>(o.value.ptr));
    if (!o.is_template) return;
    qris_data_object child;
    for (size_t i = 0; qris_payload_child(p, &o, i, &child) == QRIS_RESULT_OK; i++) print_tree(p, child, indent + 4);
}

constexpr std::string_view kSticker =
    "00020101021126610014COM.GO-JEK.WWW01189360091434648855360210G4648855360303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10265722425390303UMI5204549953033605802ID5920Toko Berkah, BNY NYR6011PROBOLINGGO61056727562070703A0163043165";

// Midtrans' published documentation key pair and a notification signed with it.
constexpr std::string_view kProviderKey =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlWbtlh3eM+bW3n5AFj42\n"
    "wddC4L7tQqbLiCFbTv8K67yng9iwK5mEn+UMXiRhvB2JVWFafCPPxFamsiVG3Mjn\n"
    "eGjC0BYgmpmw4qXnAnyO3nCdCuPtmZ3ljhKvSTPdWZxrcLi1Xa9V/+Pzb8hrjb5i\n"
    "wMn6SZFNeMmZYgFKiSeueo6TPln2PoTqXCzs1HtsM8eUVe8GAsjJe/3dYl992nyX\n"
    "OpG21GgNu8o5T3WOptPg6GdDTWkTWUu483yRbVVy04Pz4L8DDZTDv+WcsAViDn1r\n"
    "A/jB1Auj/UGKx2ovGcBH/a/hor5TbABbODU6cPTHT54K3sSZtvZNV4eFDB1f/4wd\n"
    "fwIDAQAB\n"
    "-----END PUBLIC KEY-----\n";
constexpr std::string_view kBody =
    R"({"originalPartnerReferenceNo":"GP24043015193402809","originalReferenceNo":"A120240430081940S9vu8gSjaRID",)"
    R"("merchantId":"G099333790","amount":{"value":"102800.00","currency":"IDR"},"latestTransactionStatus":"00",)"
    R"("transactionStatusDesc":"SUCCESS","additionalInfo":{"refundHistory":[]}})";
constexpr std::string_view kTimestamp = "2024-05-02T14:43:08+07:00";
constexpr std::string_view kSignature =
    "RoJnP2tH/YiOhHM/lMVBMSAuzRmS8VrWdIy04Qqyb56daV7oWFMFoMMzqnjQ+q0MIUalYgU094GWQnCx2c29xb1kkqHhv2+iJ9xl6NjGmFGYqyvcKvUD"
    "AV83Y1Mw9JnsEcjcupdGw9/MRv/mm2GMrQ+BCZGfc4a46JDyPZbcY294vDGqs5rFBN6iYer5ro4cAQGo9hET2G82Y+j50vCyO/79GFE4vB1rvtu6PK2Bx"
    "i+vTYV8k7P7PS8tOPWM2O+kjiVWjwvLR99Botou+a8sxlQqZaihfWMKcByzV+Lgkr9cptpjys+1NIRWT1ad/sJBSLHyldzC3q2oRn5z5oZmyg==";

}  // namespace

int main() try {
    // The tree of a sticker, values pointing into kSticker (zero-copy).
    qris_payload *raw = nullptr;
    check(qris_payload_parse(ptr(kSticker), kSticker.size(), false, &raw), "parse");
    Payload payload(raw);
    qris_payload_fields fields;
    check(qris_payload_read_fields(payload.get(), &fields), "fields");
    std::printf("%s, %s\n", std::string(view(fields.merchant_name)).c_str(), std::string(view(fields.merchant_city)).c_str());
    qris_data_object o;
    for (size_t i = 0; qris_payload_object(payload.get(), i, &o) == QRIS_RESULT_OK; i++) print_tree(payload.get(), o, 0);

    // A batch: which codes can be printed?
    std::vector<std::string_view> codes = {kSticker, "000201010211", kSticker.substr(0, kSticker.size() - 1)};
    std::vector<qris_str> items;
    for (auto c : codes) items.push_back({ptr(c), c.size()});
    std::unique_ptr<bool[]> valid(new bool[items.size()]);
    std::vector<size_t> errors(items.size());
    check(qris_validate_many(items.data(), items.size(), false, valid.get(), errors.data()), "validate");
    for (size_t i = 0; i < items.size(); i++) std::printf("code %zu: %s (%zu errors)\n", i, valid[i] ? "valid" : "INVALID", errors[i]);

    // The notification as the HTTP server received it. A real server passes
    // nullptr for `now` (the system clock); this one replays a 2024 request.
    qris_public_key *key_raw = nullptr;
    check(qris_public_key_load(ptr(kProviderKey), kProviderKey.size(), &key_raw), "provider key");
    PublicKey key(key_raw);
    const int64_t sent_at = 1714635788;  // kTimestamp as Unix time
    std::string_view path = "/v1.0/debit/notify";
    qris_outcome outcome = QRIS_OUTCOME_UNKNOWN;
    bool deliver = false;
    // The request as received: method, your own path, the raw body, X-TIMESTAMP (no token).
    const qris_request request{str("POST"), str(path), str(""), str(kBody), str(kTimestamp)};
    qris_result r = qris_snap_verify_notification(key.get(), &request, ptr(kSignature), kSignature.size(), &sent_at,
                                                  QRIS_DEFAULT_WINDOW_SECONDS, &outcome, &deliver);
    uint16_t http = 0;
    char ack[256];
    size_t ack_len = 0;
    check(qris_snap_notification_ack(r, ptr(path), path.size(), &http, reinterpret_cast<uint8_t *>(ack), sizeof ack, &ack_len), "ack");
    const qris_str name = qris_outcome_name(outcome);
    std::printf("notification: %s, outcome %.*s, deliver: %s\nanswer: HTTP %u %.*s\n", r == QRIS_RESULT_OK ? "verified" : "REJECTED",
                int(name.len), reinterpret_cast<const char *>(name.ptr), deliver ? "yes" : "no", unsigned(http), int(ack_len), ack);

    // Ten minutes later the same request is a replay: refused with 401.
    const int64_t replayed = sent_at + 600;
    r = qris_snap_verify_notification(key.get(), &request, ptr(kSignature), kSignature.size(), &replayed,
                                      QRIS_DEFAULT_WINDOW_SECONDS, nullptr, nullptr);
    check(qris_snap_notification_ack(r, ptr(path), path.size(), &http, reinterpret_cast<uint8_t *>(ack), sizeof ack, &ack_len), "ack");
    std::printf("replayed: HTTP %u %.*s\n", unsigned(http), int(ack_len), ack);
    return deliver && r == QRIS_RESULT_TIMESTAMP_OUT_OF_WINDOW ? 0 : 1;
} catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
