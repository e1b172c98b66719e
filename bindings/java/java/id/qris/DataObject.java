package id.qris;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A data object of a payload: its path (e.g. {@code "62.07"}), name, value, offset and children. Immutable. */
public final class DataObject {
    private final String path;
    private final String name;
    private final String value;
    private final long offset;
    private final List<DataObject> children;

    DataObject(String path, String name, String value, long offset, List<DataObject> children) {
        this.path = path;
        this.name = name;
        this.value = value;
        this.offset = offset;
        this.children = Collections.unmodifiableList(children);
    }

    /** The path from the root, e.g. {@code "26"} or {@code "62.07"}. */
    public String path() { return path; }
    /** The two-digit ID (the last part of the path). */
    public String id() { return path.substring(path.lastIndexOf('.') + 1); }
    /** The EMVCo / QRIS name, when the ID has one here. */
    public Optional<String> name() { return Optional.ofNullable(name); }
    /** The value as written (a template's value is its children's TLV text). */
    public String value() { return value; }
    /** Byte offset of the object's ID in the input. */
    public long offset() { return offset; }
    /** Whether it holds other objects. */
    public boolean isTemplate() { return !children.isEmpty(); }
    /** The objects inside a template, in order. */
    public List<DataObject> children() { return children; }

    @Override public String toString() { return "DataObject(" + path + " = " + value + ")"; }
}
