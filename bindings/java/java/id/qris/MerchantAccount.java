package id.qris;

import java.util.Optional;

/** A merchant account template (26..51): GUID, PAN, merchant ID, criteria, acquirer. Immutable. */
public final class MerchantAccount {
    private final String id, guid, pan, merchantId, criteria, acquirer;

    MerchantAccount(String id, String guid, String pan, String merchantId, String criteria, String acquirer) {
        this.id = id;
        this.guid = guid;
        this.pan = pan;
        this.merchantId = merchantId;
        this.criteria = criteria;
        this.acquirer = acquirer;
    }

    /** The template's ID, e.g. {@code "26"} or {@code "51"}. */
    public String id() { return id; }
    public Optional<String> guid() { return Optional.ofNullable(guid); }
    /** The merchant PAN (national numbering, 19 digits in QRIS). */
    public Optional<String> pan() { return Optional.ofNullable(pan); }
    public Optional<String> merchantId() { return Optional.ofNullable(merchantId); }
    /** UMI, UKE, UME, UBE or URE. */
    public Optional<String> criteria() { return Optional.ofNullable(criteria); }
    public Optional<String> acquirer() { return Optional.ofNullable(acquirer); }

    @Override public String toString() { return "MerchantAccount(" + id + ", " + guid + ")"; }
}
