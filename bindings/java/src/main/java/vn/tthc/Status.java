package vn.tthc;

/**
 * The outcome of a libtthc call, with the values of {@code tthc_status} in
 * include/tthc.h (explicit and append-only there, so a stored value keeps
 * its meaning). The binding's tests check every constant against the header.
 */
public enum Status {
    OK(0),
    NULL_ARGUMENT(1),
    INVALID_UTF8(2),
    INVALID_JSON(3),
    INPUT_TOO_LARGE(4),
    CATALOG_ERROR(5),
    NOT_FOUND(6),
    INVALID_INPUT(7),
    OUT_OF_RANGE(8),
    IO(9),
    PANIC(10),
    POISONED(11),
    NOT_RECORDED(12);

    private final int value;

    Status(int value) {
        this.value = value;
    }

    /** The numeric value, as the C functions return it. */
    public int value() {
        return value;
    }

    /** The status with this value, or null when this binding does not know it. */
    public static Status fromValue(int value) {
        for (Status s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return null;
    }

    /** The status of a name as the library writes it ({@code "NOT_FOUND"}), or null. */
    public static Status fromName(String name) {
        for (Status s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
