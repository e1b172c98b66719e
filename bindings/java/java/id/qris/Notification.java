package id.qris;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A verified notification: what it says, and whether to hand over the goods. Immutable. */
public final class Notification {
    private final String[] f;

    Notification(String[] fields) { this.f = fields; }

    /** The merchant's order id (Midtrans {@code order_id}, SNAP {@code originalPartnerReferenceNo}). */
    public Optional<String> orderId() { return Optional.ofNullable(f[0]); }
    /** The amount as sent ({@code gross_amount}, SNAP {@code amount.value}). */
    public Optional<String> amount() { return Optional.ofNullable(f[1]); }
    /** Midtrans' signed {@code status_code}; empty for SNAP. */
    public Optional<String> statusCode() { return Optional.ofNullable(f[2]); }
    /** The provider's status as sent. */
    public String status() { return f[3]; }
    /** {@code "paid"}, {@code "pending"}, {@code "failed"}, {@code "expired"}, {@code "refunded"}, ... */
    public String outcome() { return f[4]; }
    /** True only when paid: deliver the goods. */
    public boolean deliver() { return "1".equals(f[5]); }
    /** The HTTP status to answer with (SNAP; 200 for Midtrans). */
    public int ackStatus() { return Integer.parseInt(f[6]); }
    /** The JSON body to answer with (SNAP; empty for Midtrans). */
    public String ackBody() { return f[7]; }
    /** What the operator should hear though the verification stands (e.g. a legacy provider key). */
    public List<String> warnings() {
        return f[8].isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(Arrays.asList(f[8].split("\n")));
    }
    /** Midtrans: the same notification heard twice gives the same key (signed fields only). */
    public Optional<String> idempotencyKey() { return Optional.ofNullable(f[9]); }

    @Override public String toString() {
        return "Notification(orderId=" + f[0] + ", outcome=" + f[4] + ", deliver=" + deliver() + ")";
    }
}
