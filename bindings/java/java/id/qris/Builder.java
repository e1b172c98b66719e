package id.qris;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds or edits a payload object by object: {@code set("62.07", "K2")}, {@code remove("55")},
 * {@code build()} (lengths counted in characters, objects in ID order, the CRC appended). The
 * operations are applied by the engine at {@link #build()}; an invalid path or value throws
 * {@link ConvertException} there. Not thread-safe (a builder is a local thing).
 */
public final class Builder {
    private final String base;
    private final List<String> ops = new ArrayList<>();

    /** An empty payload. */
    public Builder() { this.base = null; }

    private Builder(String base) { this.base = base; }

    /** Starts from a payload's objects (it must parse). */
    public static Builder fromPayload(String payload) {
        Qris.parse(payload);
        return new Builder(payload);
    }

    public static Builder fromPayload(Payload payload) { return new Builder(payload.text()); }

    /** Sets the object at {@code path} (e.g. "54", "62.07"), creating templates as needed. */
    public Builder set(String path, String value) {
        ops.add("set");
        ops.add(Objects.requireNonNull(path, "path"));
        ops.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Removes the object at {@code path}. */
    public Builder remove(String path) {
        ops.add("remove");
        ops.add(Objects.requireNonNull(path, "path"));
        ops.add("");
        return this;
    }

    /** The payload text with its CRC. */
    public String build() { return Native.build(base, ops.toArray(new String[0])); }
}
