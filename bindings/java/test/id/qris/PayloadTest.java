package id.qris;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadTest {
    /** The published example (tests/vectors/qris-public.tsv). */
    static final String DANA = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1";

    @Test
    void parsesThePublishedExample() {
        Payload p = Qris.parse(DANA);
        assertEquals(Optional.of("BoonTrack"), p.merchantName());
        assertEquals(Optional.of("Kab. Bandung"), p.merchantCity());
        assertEquals(Optional.of("ID1026564075103"), p.nmid());
        assertEquals(Optional.of("ID1026564075103"), p.get("51.02"));
        assertEquals(Optional.of("936009153033796827"), p.get("26.01"));
        assertEquals(Optional.empty(), p.get("99"));
        assertEquals("8DC1", p.crc());
        assertFalse(p.isDynamic());
        assertEquals(DANA, p.toString());
        DataObject t51 = p.objects().stream().filter(o -> o.id().equals("51")).findFirst().orElseThrow();
        assertEquals("ID1026564075103", t51.children().get(1).value());
        assertEquals("51.02", t51.children().get(1).path());
        assertEquals(List.of(), p.validate());
        assertEquals("ID.DANA.WWW", p.merchantAccounts().get(0).guid().orElseThrow());
    }

    @Test
    void everyPublishedRowAsTheFileSays() {
        for (Map<String, String> row : Vectors.tsv("tests/vectors/qris-public.tsv")) {
            String payload = row.get("payload");
            if (row.get("scheme").startsWith("QRIS") && !row.get("scheme").startsWith("QRIS-edge")) {
                assertTrue(row.get("crc").startsWith("ok"), row.get("note"));
                assertEquals(payload, Qris.parse(payload).text());
            }
            if (row.get("crc").startsWith("FAIL")) {
                CrcException e = assertThrows(CrcException.class, () -> Qris.parse(payload), row.get("note"));
                assertEquals("crc.mismatch", e.code());
                assertEquals("63", e.path());
                assertFalse(Qris.isValid(payload));
                String calc = row.get("crc").substring("FAIL:calc=".length(), "FAIL:calc=".length() + 4);
                assertEquals(calc, Qris.crc16(payload.substring(0, payload.length() - 4)), row.get("note"));
            }
        }
    }

    @Test
    void thePeersVectorsAsTheSourceExpects() {
        int checked = 0;
        for (Map<String, String> row : Vectors.tsv("tests/vectors/external/emv-payloads.tsv")) {
            String verdict = row.get("crc_check_here");
            String payload = row.get("payload");
            if (verdict.startsWith("ok:")) {
                assertEquals(verdict.substring(3, 7), Qris.crc16(payload.substring(0, payload.length() - 4)), row.get("id"));
                checked++;
            } else if (verdict.startsWith("FAIL")) {
                assertThrows(ParseException.class, () -> Qris.parse(payload), row.get("id"));
                checked++;
            }
        }
        assertTrue(checked >= 5, checked + " rows");
        // qris-go's golden parse results ('' means absent there).
        for (Object c : Vectors.list(Vectors.map(Vectors.json("tests/vectors/external/qris-go-golden.json")).get("cases"))) {
            Map<String, Object> k = Vectors.map(c);
            Map<String, Object> e = Vectors.map(k.get("expected"));
            Payload p = Qris.parse((String) k.get("payload"));
            String name = (String) k.get("name");
            assertEquals(absent(e.get("PointOfInitiationMethod")), p.get("01"), name);
            assertEquals(absent(e.get("MerchantCategoryCode")), p.mcc(), name);
            assertEquals(absent(e.get("TransactionCurrency")), p.currency(), name);
            assertEquals(absent(e.get("TransactionAmount")), p.amount(), name);
            assertEquals(absent(e.get("CountryCode")), p.country(), name);
            assertEquals(absent(e.get("MerchantName")), p.merchantName(), name);
            assertEquals(absent(e.get("MerchantCity")), p.merchantCity(), name);
            assertEquals(absent(e.get("PostalCode")), p.postalCode(), name);
            assertEquals(e.get("CRC"), p.crc(), name);
            for (Map.Entry<String, Object> acc : Vectors.map(e.get("MerchantAccountInfo")).entrySet()) {
                Map<String, Object> a = Vectors.map(acc.getValue());
                assertEquals(absent(a.get("GloballyUniqueIdentifier")), p.get(acc.getKey() + ".00"), name);
                assertEquals(absent(a.get("MPAN")), p.get(acc.getKey() + ".01"), name);
                assertEquals(absent(a.get("MID")), p.get(acc.getKey() + ".02"), name);
            }
        }
    }

    private static Optional<String> absent(Object v) {
        return v == null || "".equals(v) ? Optional.empty() : Optional.of((String) v);
    }

    @Test
    void staticToDynamicAsGoPayIssuedIt() {
        for (Map<String, String> row : Vectors.tsv("tests/vectors/qris-conversion.tsv")) {
            String ours = Qris.toDynamic(row.get("static"), new BigDecimal(row.get("amount")));
            String issued = row.get("issuer_dynamic");
            // Through tag 61 the converter's output equals what GoPay issued, byte for byte.
            int upTo = issued.indexOf("6105");
            assertTrue(upTo > 0);
            assertEquals(issued.substring(0, upTo), ours.substring(0, upTo), row.get("note"));
            Payload d = Qris.parse(ours);
            assertTrue(d.isDynamic());
            assertEquals(Optional.of(row.get("amount")), d.amount());
            assertEquals(Qris.parse(row.get("static")).text().length() + 4 + row.get("amount").length(), ours.length());
            assertTrue(Qris.isValid(ours));
            String back = Qris.toStatic(ours);
            assertFalse(Qris.parse(back).isDynamic());
        }
        ConvertException e = assertThrows(ConvertException.class, () -> Qris.toDynamic(DANA, "-5"));
        assertFalse(e.code().isEmpty());
        String labelled = Qris.toDynamic(DANA, "17000", DynamicOptions.none().terminal("K2").bill("INV-7"));
        assertEquals(Optional.of("K2"), Qris.parse(labelled).get("62.07"));
        assertEquals(Optional.of("INV-7"), Qris.parse(labelled).get("62.01"));
    }

    @Test
    void nonAsciiFieldsSliceAtTheRightCharacters() {
        // Fields after a non-ASCII name (a BMP symbol, an accent, a surrogate pair) come back whole.
        String name = "Kopi \u2615 Caf\u00e9 \ud83d\ude00";
        int chars = name.codePointCount(0, name.length());
        String body = DANA.substring(0, DANA.indexOf("5909BoonTrack")) + "59" + String.format("%02d", chars) + name
            + DANA.substring(DANA.indexOf("6012Kab."), DANA.length() - 4);
        String payload = body + Qris.crc16(body);
        Payload p = Qris.parse(payload);
        assertEquals(Optional.of(name), p.merchantName());
        assertEquals(Optional.of("Kab. Bandung"), p.merchantCity());
        assertEquals(Optional.of("40286"), p.postalCode());
        assertEquals(payload.substring(payload.length() - 4), p.crc());
        assertEquals(payload, p.text());
        assertEquals(Optional.of(name), p.get("59"));
        // Scanner noise around it is trimmed in lenient mode, refused in strict mode.
        Payload padded = Qris.parse(" \u00a0" + payload + "\r\n");
        assertEquals(payload, padded.text());
        assertEquals(Optional.of(name), padded.merchantName());
        assertThrows(ParseException.class, () -> Qris.parse(" " + payload, true));
    }

    @Test
    void validationDiagnostics() {
        String broken = DANA.substring(0, DANA.length() - 4) + "0000";
        List<Diagnostic> d = Qris.validate(broken);
        assertEquals("crc.mismatch", d.get(0).code());
        assertTrue(d.get(0).isError());
        assertEquals("63", d.get(0).path());
        assertTrue(d.get(0).toString().contains("crc.mismatch"));
        List<List<Diagnostic>> many = Qris.validateMany(List.of(DANA, "garbage", DANA, ""));
        assertEquals(4, many.size());
        assertEquals(List.of(), many.get(0));
        assertEquals("input.empty", many.get(3).get(0).code());
        assertThrows(UnsupportedOperationException.class, () -> many.add(List.of()));
    }
}
