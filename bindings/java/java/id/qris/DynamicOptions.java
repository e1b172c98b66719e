package id.qris;

import java.math.BigDecimal;

/**
 * Options of {@link Qris#toDynamic(String, String, DynamicOptions)}: a tip prompt or a fixed
 * or percentage fee, and the bill number, reference and terminal labels (62.01 / 62.05 /
 * 62.07). Immutable: each method returns a new instance. Money is a String or a
 * BigDecimal, never a double.
 */
public final class DynamicOptions {
    final boolean tipPrompt;
    final String feeFixed, feePercent, bill, reference, terminal;
    final boolean force;

    private DynamicOptions(boolean tipPrompt, String feeFixed, String feePercent, String bill, String reference,
                           String terminal, boolean force) {
        this.tipPrompt = tipPrompt;
        this.feeFixed = feeFixed;
        this.feePercent = feePercent;
        this.bill = bill;
        this.reference = reference;
        this.terminal = terminal;
        this.force = force;
    }

    /** No options. */
    public static DynamicOptions none() { return new DynamicOptions(false, null, null, null, null, null, false); }

    /** The customer's app asks for a tip (55 = 01). */
    public DynamicOptions tipPrompt() { return new DynamicOptions(true, feeFixed, feePercent, bill, reference, terminal, force); }
    /** A fixed convenience fee (55 = 02, 56). */
    public DynamicOptions feeFixed(String fee) { return new DynamicOptions(tipPrompt, fee, feePercent, bill, reference, terminal, force); }
    public DynamicOptions feeFixed(BigDecimal fee) { return feeFixed(fee.toPlainString()); }
    /** A percentage convenience fee (55 = 03, 57). */
    public DynamicOptions feePercent(String fee) { return new DynamicOptions(tipPrompt, feeFixed, fee, bill, reference, terminal, force); }
    public DynamicOptions feePercent(BigDecimal fee) { return feePercent(fee.toPlainString()); }
    /** Bill number (62.01). */
    public DynamicOptions bill(String value) { return new DynamicOptions(tipPrompt, feeFixed, feePercent, value, reference, terminal, force); }
    /** Reference label (62.05). */
    public DynamicOptions reference(String value) { return new DynamicOptions(tipPrompt, feeFixed, feePercent, bill, value, terminal, force); }
    /** Terminal label (62.07). */
    public DynamicOptions terminal(String value) { return new DynamicOptions(tipPrompt, feeFixed, feePercent, bill, reference, value, force); }
    /** Convert even when the input's CRC is wrong. */
    public DynamicOptions force() { return new DynamicOptions(tipPrompt, feeFixed, feePercent, bill, reference, terminal, true); }
}
