package id.qris;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

/** A jar without this machine's native library fails with one clear message, not a crash or a bare link error. */
class LoaderTest {
    @Test
    void aJarWithoutTheNativeLibrarySaysWhatIsMissing() throws Exception {
        Path jar = Paths.get(Qris.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(jar.toString().endsWith(".jar"), "the tests run against the jar: " + jar);
        Path dir = Files.createTempDirectory("qris-loader");
        Path stripped = dir.resolve("qris-nonative.jar");
        try (JarFile in = new JarFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(stripped))) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("id/qris/native/")) continue;
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream s = in.getInputStream(entry)) { s.transferTo(out); }
                out.closeEntry();
            }
        }
        Path main = dir.resolve("Probe.java");
        Files.write(main, ("public class Probe { public static void main(String[] a) {"
            + " try { id.qris.Qris.version(); System.out.println(\"loaded?\"); }"
            + " catch (UnsatisfiedLinkError e) { System.out.println(\"ULE: \" + e.getMessage()); } } }").getBytes(StandardCharsets.UTF_8));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        // Single-file source launch (Java 11+), with an empty java.library.path.
        Process p = new ProcessBuilder(java, "-Djava.library.path=" + dir, "-cp", stripped.toString(), main.toString())
            .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("ULE: qris: no native library for " + NativeLoader.platform()), out);
        assertTrue(out.contains("make java"), out);
    }
}
