package id.qris;

import java.util.Objects;

/** One problem found in a payload: a stable code, its severity, where, and a message. Immutable. */
public final class Diagnostic {
    private final String code;
    private final String severity;
    private final long offset;
    private final String path;
    private final String message;

    Diagnostic(String code, String severity, long offset, String path, String message) {
        this.code = code;
        this.severity = severity;
        this.offset = offset;
        this.path = path;
        this.message = message;
    }

    /** The stable code, e.g. {@code "crc.mismatch"}. */
    public String code() { return code; }
    /** {@code "error"} or {@code "warning"}. */
    public String severity() { return severity; }
    /** Whether this is an error (not a warning). */
    public boolean isError() { return "error".equals(severity); }
    /** Byte offset in the input. */
    public long offset() { return offset; }
    /** The data object, e.g. {@code "62.07"}; empty for the payload as a whole. */
    public String path() { return path; }
    /** The human message. */
    public String message() { return message; }

    @Override public boolean equals(Object o) {
        if (!(o instanceof Diagnostic)) return false;
        Diagnostic d = (Diagnostic) o;
        return code.equals(d.code) && severity.equals(d.severity) && offset == d.offset && path.equals(d.path)
            && message.equals(d.message);
    }

    @Override public int hashCode() { return Objects.hash(code, severity, offset, path, message); }

    @Override public String toString() {
        return severity + " " + code + " at byte " + offset + (path.isEmpty() ? "" : " (" + path + ")") + ": " + message;
    }

    /** From the native layer's flat array, five strings per diagnostic. */
    static java.util.List<Diagnostic> fromFlat(String[] flat) {
        java.util.List<Diagnostic> out = new java.util.ArrayList<>(flat.length / 5);
        for (int i = 0; i + 4 < flat.length; i += 5) {
            out.add(new Diagnostic(flat[i], flat[i + 1], Long.parseLong(flat[i + 2]), flat[i + 3], flat[i + 4]));
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
