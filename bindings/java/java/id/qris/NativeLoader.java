package id.qris;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads the native library once: from {@code java.library.path} (Android, or a
 * system install) or else from this jar's resources for the running OS and
 * architecture ({@code id/qris/native/<os>-<arch>/}), copied to a temporary file.
 * A missing library is one clear {@link UnsatisfiedLinkError} naming what was tried.
 */
final class NativeLoader {
    private static final String NAME = "qris_jni";
    private static boolean loaded;

    private NativeLoader() {}

    static synchronized void load() {
        if (loaded) return;
        UnsatisfiedLinkError fromPath;
        try {
            System.loadLibrary(NAME);
            loaded = true;
            return;
        } catch (UnsatisfiedLinkError e) {
            fromPath = e;
        }
        String platform = platform();
        String file = System.mapLibraryName(NAME);
        String resource = "/id/qris/native/" + platform + "/" + file;
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("qris: no native library for " + platform + " in this jar (" + resource
                    + ") and none on java.library.path (" + fromPath.getMessage() + "); build one with `make java`"
                    + " on that platform, or see the README for Android (cargo-ndk)");
            }
            Path dir = Files.createTempDirectory("qris-jni");
            Path lib = dir.resolve(file);
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            lib.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.load(lib.toAbsolutePath().toString());
            loaded = true;
        } catch (IOException e) {
            throw new UnsatisfiedLinkError("qris: could not extract " + resource + ": " + e);
        }
    }

    /** e.g. linux-x86_64, linux-aarch64, windows-x86_64. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macos" : os.startsWith("linux") ? "linux" : os;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
            : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64"
            : arch.startsWith("arm") ? "armv7" : arch;
        return o + "-" + a;
    }
}
