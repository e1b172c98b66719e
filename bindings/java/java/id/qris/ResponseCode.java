package id.qris;

import java.util.Optional;

/** A SNAP {@code responseCode}: HTTP status + service code + case code, and what to do next. */
public final class ResponseCode {
    private final String[] f;

    private ResponseCode(String[] f) { this.f = f; }

    /** Parses {@code "2004700"} (or a bare {@code "200"}); throws {@link QrisException} otherwise. */
    public static ResponseCode parse(String code) { return new ResponseCode(Native.responseCode(code)); }

    public int http() { return Integer.parseInt(f[0]); }
    /** Service code (47: QRIS MPM generate, ...), empty for a bare status. */
    public Optional<Integer> service() { return Optional.ofNullable(f[1]).map(Integer::valueOf); }
    public Optional<Integer> caseCode() { return Optional.ofNullable(f[2]).map(Integer::valueOf); }
    public String serviceName() { return f[3]; }
    public String caseName() { return f[4]; }
    /** A 2xx other than 202. */
    public boolean isSuccess() { return "1".equals(f[5]); }
    /** 202: accepted, still processing. */
    public boolean isPending() { return "1".equals(f[6]); }
    /** {@code "no"}, {@code "check_status"}, {@code "same_external_id"}, {@code "later"} or {@code "never"}. */
    public String retry() { return f[7]; }
    /** What to do next, in words. */
    public String advice() { return f[8]; }

    @Override public String toString() { return "ResponseCode(" + f[0] + ", " + f[3] + ", " + f[4] + ")"; }
}
