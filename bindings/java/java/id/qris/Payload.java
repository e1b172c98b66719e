package id.qris;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A parsed payload (structure and CRC checked): immutable and safe to share
 * between threads. Made by {@link Qris#parse(String)}.
 */
public final class Payload {
    private final String input;
    private final boolean strict;
    /** (start, length) pairs into {@code input} from the native parse (see Native.parse). */
    private final int[] spans;

    Payload(String input, boolean strict, int[] spans) {
        this.input = input;
        this.strict = strict;
        this.spans = spans;
    }

    private String field(int i) {
        int start = spans[2 * i];
        return start < 0 ? null : input.substring(start, start + spans[2 * i + 1]);
    }

    /** The payload text (trimmed of scanner noise in lenient mode). */
    public String text() { return field(9); }
    /** Whether it was parsed strictly. */
    public boolean isStrict() { return strict; }
    /** Transaction amount (54), as written. */
    public Optional<String> amount() { return Optional.ofNullable(field(0)); }
    public Optional<String> merchantName() { return Optional.ofNullable(field(1)); }
    public Optional<String> merchantCity() { return Optional.ofNullable(field(2)); }
    public Optional<String> postalCode() { return Optional.ofNullable(field(3)); }
    /** Merchant category code (52). */
    public Optional<String> mcc() { return Optional.ofNullable(field(4)); }
    /** Transaction currency (53), e.g. {@code "360"}. */
    public Optional<String> currency() { return Optional.ofNullable(field(5)); }
    /** Country code (58), e.g. {@code "ID"}. */
    public Optional<String> country() { return Optional.ofNullable(field(6)); }
    /** The national merchant ID (51.02). */
    public Optional<String> nmid() { return Optional.ofNullable(field(7)); }
    /** The four CRC characters as written. */
    public String crc() { return field(8); }
    /** Whether the code is dynamic (01 = 12). */
    public boolean isDynamic() { return spans[20] == 1; }

    /** The value at a path such as {@code "54"}, {@code "62.07"} or {@code "62.50.01"}. */
    public Optional<String> get(String path) {
        return Optional.ofNullable(Native.get(input, strict, path));
    }

    /** The data objects as a tree, in payload order. */
    public List<DataObject> objects() {
        String[] flat = Native.objects(input, strict);
        List<DataObject> roots = new ArrayList<>();
        // Pre-order with paths: a stack of open templates gives each object its parent.
        Deque<Object[]> open = new ArrayDeque<>(); // {path, name, value, offset, children}
        List<Object[]> rootsRaw = new ArrayList<>();
        for (int i = 0; i + 3 < flat.length; i += 4) {
            Object[] node = {flat[i], flat[i + 1], flat[i + 2], Long.parseLong(flat[i + 3]), new ArrayList<Object[]>()};
            while (!open.isEmpty() && !flat[i].startsWith(open.peek()[0] + ".")) open.pop();
            if (open.isEmpty()) rootsRaw.add(node);
            else childrenOf(open.peek()).add(node);
            open.push(node);
        }
        for (Object[] r : rootsRaw) roots.add(build(r));
        return Collections.unmodifiableList(roots);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> childrenOf(Object[] node) { return (List<Object[]>) node[4]; }

    private static DataObject build(Object[] node) {
        List<DataObject> children = new ArrayList<>();
        for (Object[] c : childrenOf(node)) children.add(build(c));
        return new DataObject((String) node[0], (String) node[1], (String) node[2], (Long) node[3], children);
    }

    /** The merchant account templates (26..51), in order. */
    public List<MerchantAccount> merchantAccounts() {
        String[] f = Native.merchantAccounts(input, strict);
        List<MerchantAccount> out = new ArrayList<>();
        for (int i = 0; i + 5 < f.length; i += 6) out.add(new MerchantAccount(f[i], f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5]));
        return Collections.unmodifiableList(out);
    }

    /** Diagnostics under the QRIS rules. */
    public List<Diagnostic> validate() { return Qris.validate(input, strict); }

    @Override public String toString() { return text(); }
    @Override public boolean equals(Object o) { return o instanceof Payload && ((Payload) o).text().equals(text()); }
    @Override public int hashCode() { return text().hashCode(); }
}
