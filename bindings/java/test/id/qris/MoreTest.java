package id.qris;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Rendering, the builder, CPM codes, scanning and the sticker check. */
class MoreTest {
    static final String DANA = PayloadTest.DANA;

    @Test
    void renderEveryFormat() throws Exception {
        String svg = Render.svg(DANA, "M", "BoonTrack", false);
        assertTrue(svg.startsWith("<svg") || svg.startsWith("<?xml"), svg.substring(0, 20));
        assertTrue(svg.contains("BoonTrack"));
        byte[] png = Render.png(DANA, 4);
        // The JDK's own PNG decoder reads it: a square 1-bit image, 4 px per module, quiet zone included.
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(img.getWidth(), img.getHeight());
        assertEquals(0, img.getWidth() % 4);
        assertEquals(0xFFFFFFFF, img.getRGB(0, 0));
        byte[] escpos = Render.escpos(DANA, Render.Paper.MM58);
        assertEquals(0x1D, escpos[0]);
        assertEquals('v', escpos[1]);
        assertEquals('0', escpos[2]);
        String broken = DANA.substring(0, DANA.length() - 4) + "0000";
        assertThrows(CrcException.class, () -> Render.png(broken, 4));
        assertTrue(Render.png(broken, 4, "M", true).length > 0);
        assertThrows(QrisException.class, () -> Render.png(DANA, 0));
        assertThrows(QrisException.class, () -> Render.svg(DANA, "X", null, false));
    }

    @Test
    void builder() {
        String out = Builder.fromPayload(DANA).set("62.07", "K2").remove("61").build();
        assertEquals("K2", Qris.parse(out).get("62.07").orElseThrow());
        assertTrue(Qris.parse(out).get("61").isEmpty());
        assertEquals(DANA, Builder.fromPayload(DANA).build());
        assertEquals(DANA, Builder.fromPayload(Qris.parse(DANA)).build());
        assertThrows(ConvertException.class, () -> Builder.fromPayload(DANA).set("62.99.99.99", "x").build());
        assertThrows(CrcException.class, () -> Builder.fromPayload(DANA.substring(0, DANA.length() - 4) + "0000"));
    }

    @Test
    void cpmEmvcoExampleCardDataMasked() {
        Map<String, Object> v = Vectors.map(Vectors.map(Vectors.json("tests/vectors/cpm-emvco.json")).get("emvco_spec_example"));
        Cpm.Code c = Cpm.parse((String) v.get("base64"));
        assertEquals("CPV01", c.formatIndicator().orElseThrow());
        List<Object> apps = Vectors.list(v.get("applications"));
        assertEquals(apps.size(), c.applications().size());
        for (int i = 0; i < apps.size(); i++) {
            assertEquals(Vectors.map(apps.get(i)).get("aid"), c.applications().get(i).aid().orElseThrow());
            assertEquals(Vectors.map(apps.get(i)).get("label"), c.applications().get(i).label().orElseThrow());
        }
        assertEquals("************3458", c.common().orElseThrow().panMasked().orElseThrow());
        assertFalse(c.toString().contains("1234567890123458"));
        List<Diagnostic> d = Cpm.validate((String) v.get("base64"));
        assertEquals(1, d.size());
        assertEquals("cpm.pan_luhn", d.get(0).code());
        assertThrows(ParseException.class, () -> Cpm.parse("not*base64"));
        assertEquals("error", Cpm.validate("not*base64").get(0).severity());
    }

    @Test
    void scanFilesAndPixelsAndTheStickerCheck() throws Exception {
        byte[] png = Render.png(DANA, 4);
        List<Scan.Code> codes = Scan.file(png);
        assertEquals(1, codes.size());
        assertEquals(DANA, codes.get(0).text());
        assertEquals("qris", codes.get(0).kind());
        assertTrue(codes.get(0).isValid());
        assertEquals(4, codes.get(0).corners().size());
        // Raw pixels, as the JDK decodes the same PNG (gray, one byte per pixel).
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        byte[] gray = new byte[img.getWidth() * img.getHeight()];
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) gray[y * img.getWidth() + x] = (byte) (img.getRGB(x, y) & 0xFF);
        assertEquals(DANA, Scan.pixels(gray, img.getWidth(), img.getHeight(), 0, "gray").get(0).text());
        // The sticker check: the merchant's own code, another merchant's, a forged CRC.
        assertTrue(Scan.sticker(png, "ID1026564075103", null, null, null).isMatch());
        Scan.Sticker other = Scan.sticker(png, "ID1000000000001", null, null, null);
        assertEquals("mismatch", other.verdict());
        assertTrue(other.message().contains("ID1000000000001"), other.message());
        assertEquals("mismatch", Scan.sticker(png, "ID1026564075103", "9360000000000000001", null, null).verdict());
        String forged = DANA.substring(0, DANA.length() - 4) + "0000";
        assertEquals("not_qris", Scan.sticker(Render.png(forged, 4, "M", true), "ID1026564075103", null, null, null).verdict());
        assertEquals("unreadable", Scan.sticker(blank(), "ID1026564075103", null, null, null).verdict());
        ImageError bad = assertThrows(ImageError.class, () -> Scan.file(new byte[] {1, 2, 3}));
        assertEquals("scan.format", bad.code());
        assertEquals("scan.corrupt", assertThrows(ImageError.class, () -> Scan.file(java.util.Arrays.copyOf(png, 100))).code());
        assertThrows(ImageError.class, () -> Scan.pixels(new byte[16], 10, 10, 0, "gray"));
        assertThrows(QrisException.class, () -> Scan.pixels(new byte[400], 10, 10, 0, "cmyk"));
    }

    /** A white PNG with no code, written by the JDK. */
    static byte[] blank() throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, 0xFFFFFFFF);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void theCleanerFreesWhatWasNotClosed() throws Exception {
        long before = Native.handleCount();
        for (int i = 0; i < 2000; i++) new HmacSigner("secret-" + i); // never closed
        assertTrue(Native.handleCount() >= before + 2000);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (Native.handleCount() > before + 1000 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(Native.handleCount() <= before + 1000, "left: " + (Native.handleCount() - before));
        HmacSigner s = new HmacSigner("closed twice");
        long open = Native.handleCount();
        s.close();
        s.close();
        assertEquals(open - 1, Native.handleCount());
    }
}
