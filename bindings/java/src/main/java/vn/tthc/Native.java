package vn.tthc;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The C functions of libtthc, and what every call shares: turning statuses
 * into exceptions, copying and freeing returned strings, and C strings that
 * C reads as the caller meant them. The library is loaded and bound when
 * this class is first used, from the place {@link Loader} says.
 *
 * <p>JNA rather than JNI, so that a portal needs no native glue of its own:
 * only jna.jar and libtthc.so. Strings cross as NUL-terminated UTF-8 byte
 * arrays whatever the JVM's default charset.
 */
final class Native {
    private Native() {}

    /** The C ABI this binding was written against ({@code tthc_abi_version()}). */
    static final int ABI_VERSION = 1;

    // The C functions, as declared in include/tthc.h, bound by JNA's direct
    // mapping, which costs far less per call than an interface proxy (see
    // bindings/java/README.md, Performance). A C bool is a byte; numbers
    // come out through one-element arrays, which JNA passes without
    // allocating native memory as a ByReference does.
    static native Pointer tthc_version();
    static native int tthc_abi_version();
    static native long tthc_max_input_bytes();
    static native Pointer tthc_status_name(int status);
    static native Pointer tthc_last_error_json();
    static native Pointer tthc_error_kinds_json();
    static native int tthc_engine_new(PointerByReference out);
    static native int tthc_engine_new_from_dir(byte[] dir, byte overEmbedded, PointerByReference out);
    static native int tthc_engine_new_from_sources(Pointer paths, Pointer texts, long count, byte overEmbedded, PointerByReference out);
    static native void tthc_engine_free(Pointer engine);
    static native int tthc_engine_reload_embedded(Pointer engine);
    static native int tthc_engine_reload_from_dir(Pointer engine, byte[] dir, byte overEmbedded);
    static native int tthc_engine_reload_from_sources(Pointer engine, Pointer paths, Pointer texts, long count, byte overEmbedded);
    static native int tthc_engine_content_hash(Pointer engine, PointerByReference out);
    static native void tthc_string_free(Pointer s);
    static native int tthc_evaluate(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_evaluate_batch(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_deadline(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_deadline_batch(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_track(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_track_batch(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_procedure_show(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_procedure_show_batch(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_procedure_search(Pointer engine, byte[] request, PointerByReference out);
    static native int tthc_calendar_new(Pointer engine, byte[] province, PointerByReference out);
    static native void tthc_calendar_free(Pointer calendar);
    static native int tthc_calendar_range(Pointer calendar, int[] first, int[] last);
    static native int tthc_calendar_is_working_day(Pointer calendar, int day, byte[] out);
    static native int tthc_calendar_add_working_days(Pointer calendar, int day, int n, int[] out);
    static native int tthc_calendar_working_days_between(Pointer calendar, int from, int to, int[] out);
    static native int tthc_solar_to_lunar(int day, LunarStruct out);
    static native int tthc_lunar_to_solar(LunarStruct lunar, int[] out);

    /** {@code tthc_lunar_date}: {int32 year; uint8 month, day, leap}. */
    @Structure.FieldOrder({"year", "month", "day", "leap"})
    public static final class LunarStruct extends Structure {
        public int year;
        public byte month;
        public byte day;
        public byte leap;
    }

    static {
        com.sun.jna.Native.register(Native.class, NativeLibrary.getInstance(Loader.claim()));
        int abi = tthc_abi_version();
        if (abi != ABI_VERSION) {
            throw new IllegalStateException("libtthc has C ABI version " + abi + "; this binding needs " + ABI_VERSION);
        }
    }

    /** Throws the exception for a status other than OK. */
    static void check(int status) {
        if (status == 0) {
            return;
        }
        Pointer json = tthc_last_error_json();
        String details = json == null ? "{}" : json.getString(0, "UTF-8");
        Status known = Status.fromValue(status);
        if (known == null) {
            throw new InternalException("libtthc returned status " + status + ", unknown to this binding", Status.PANIC, "unknown-status", "", details);
        }
        throw Errors.of(known, details);
    }

    /** The library-owned string in {@code out} as a Java string; frees it. */
    static String take(PointerByReference out) {
        Pointer p = out.getValue();
        try {
            return p.getString(0, "UTF-8");
        } finally {
            tthc_string_free(p);
        }
    }

    /**
     * The bytes of a library-owned string, read from its memory in blocks
     * (for an answer too large to copy whole); valid until it is freed.
     */
    static InputStream stream(Pointer p) {
        long length = p.indexOf(0, (byte) 0);
        return new InputStream() {
            private long at;

            @Override
            public int read() {
                return at < length ? p.getByte(at++) & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (at >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - at);
                p.read(at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /**
     * NUL-terminated UTF-8, or null for null. A NUL inside the text is
     * refused: C would take it as the end and read another string.
     */
    static byte[] cString(String s, String what) {
        if (s == null) {
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            throw new CaseException("`" + what + "` contains a NUL character", Status.INVALID_INPUT, "invalid-input", "pass text without NUL characters", "{}");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    static byte bool(boolean b) {
        return (byte) (b ? 1 : 0);
    }
}
