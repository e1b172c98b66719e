package id.qris;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Customer-presented (CPM) codes: the ones a payer's app shows and a POS scans (EMVCo
 * BER-TLV, Base64 or hex text). Card data (PAN, track 2) is only ever given out masked.
 */
public final class Cpm {
    private Cpm() {}

    /** Parses a code; throws {@link ParseException} with the code, offset and path. */
    public static Code parse(String code) { return new Code(Native.cpmParse(code)); }

    /** Every problem of a code; never throws for a bad code. */
    public static List<Diagnostic> validate(String code) { return Diagnostic.fromFlat(Native.cpmValidate(code)); }

    /** A parsed CPM code. */
    public static final class Code {
        private final String formatIndicator;
        private final List<Application> applications = new ArrayList<>();
        private Application common;

        Code(String[] f) {
            formatIndicator = f[0];
            for (int i = 1; i + 8 <= f.length; i += 8) {
                Application a = new Application(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5], f[i + 6], f[i + 7]);
                if ("common".equals(f[i])) common = a; else applications.add(a);
            }
        }

        public Optional<String> formatIndicator() { return Optional.ofNullable(formatIndicator); }
        public List<Application> applications() { return Collections.unmodifiableList(applications); }
        /** The common data template (61), if any. */
        public Optional<Application> common() { return Optional.ofNullable(common); }

        @Override public String toString() {
            return "Cpm.Code(" + applications.size() + " application(s), pan="
                + (applications.isEmpty() ? null : applications.get(0).panMasked().orElse(null)) + ")";
        }
    }

    /** An application template: AID, label, cardholder, and the card data masked. */
    public static final class Application {
        private final String aid, label, cardholderName, languagePreference, issuerUrl, panMasked, track2Masked;

        Application(String aid, String label, String cardholderName, String languagePreference, String issuerUrl,
                    String panMasked, String track2Masked) {
            this.aid = aid;
            this.label = label;
            this.cardholderName = cardholderName;
            this.languagePreference = languagePreference;
            this.issuerUrl = issuerUrl;
            this.panMasked = panMasked;
            this.track2Masked = track2Masked;
        }

        /** The AID in hex. */
        public Optional<String> aid() { return Optional.ofNullable(aid); }
        public Optional<String> label() { return Optional.ofNullable(label); }
        public Optional<String> cardholderName() { return Optional.ofNullable(cardholderName); }
        public Optional<String> languagePreference() { return Optional.ofNullable(languagePreference); }
        public Optional<String> issuerUrl() { return Optional.ofNullable(issuerUrl); }
        /** The PAN with all but the first six and last four digits masked. */
        public Optional<String> panMasked() { return Optional.ofNullable(panMasked); }
        public Optional<String> track2Masked() { return Optional.ofNullable(track2Masked); }

        @Override public String toString() { return "Cpm.Application(aid=" + aid + ", pan=" + panMasked + ")"; }
    }
}
