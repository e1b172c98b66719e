package id.qris;

/** An image that cannot be read: code {@code scan.format}, {@code scan.corrupt}, {@code scan.too_large}, {@code scan.buffer}, ... */
public class ImageError extends QrisException {
    private static final long serialVersionUID = 1L;

    /** Called by the native library. */
    public ImageError(String message, String code, long offset, String path) {
        super(message, code, offset, path);
    }
}
