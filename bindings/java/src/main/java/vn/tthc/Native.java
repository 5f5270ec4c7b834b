package vn.tthc;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The loaded libtthc and what every call shares: loading it, turning
 * statuses into exceptions, copying and freeing returned strings, and C
 * strings that C reads as the caller meant them.
 *
 * <p>JNA rather than JNI, so that a portal needs no native glue of its own:
 * only jna.jar and libtthc.so. Strings cross as NUL-terminated UTF-8 byte
 * arrays whatever the JVM's default charset.
 */
final class Native {
    private Native() {}

    /** The C ABI this binding was written against ({@code tthc_abi_version()}). */
    static final int ABI_VERSION = 1;

    /** The C functions, as declared in include/tthc.h ({@code bool} is a byte). */
    interface Lib extends Library {
        Pointer tthc_version();
        int tthc_abi_version();
        long tthc_max_input_bytes();
        Pointer tthc_status_name(int status);
        Pointer tthc_last_error_json();

        int tthc_engine_new(PointerByReference out);
        int tthc_engine_new_from_dir(byte[] dir, byte overEmbedded, PointerByReference out);
        int tthc_engine_new_from_sources(Pointer paths, Pointer texts, long count, byte overEmbedded, PointerByReference out);
        void tthc_engine_free(Pointer engine);
        int tthc_engine_reload_embedded(Pointer engine);
        int tthc_engine_reload_from_dir(Pointer engine, byte[] dir, byte overEmbedded);
        int tthc_engine_reload_from_sources(Pointer engine, Pointer paths, Pointer texts, long count, byte overEmbedded);
        int tthc_engine_content_hash(Pointer engine, PointerByReference out);
        void tthc_string_free(Pointer s);

        int tthc_evaluate(Pointer engine, byte[] request, PointerByReference out);
        int tthc_evaluate_batch(Pointer engine, byte[] request, PointerByReference out);
        int tthc_deadline(Pointer engine, byte[] request, PointerByReference out);
        int tthc_deadline_batch(Pointer engine, byte[] request, PointerByReference out);
        int tthc_track(Pointer engine, byte[] request, PointerByReference out);
        int tthc_track_batch(Pointer engine, byte[] request, PointerByReference out);
        int tthc_procedure_show(Pointer engine, byte[] request, PointerByReference out);
        int tthc_procedure_show_batch(Pointer engine, byte[] request, PointerByReference out);
        int tthc_procedure_search(Pointer engine, byte[] request, PointerByReference out);

        int tthc_calendar_new(Pointer engine, byte[] province, PointerByReference out);
        void tthc_calendar_free(Pointer calendar);
        int tthc_calendar_range(Pointer calendar, IntByReference first, IntByReference last);
        int tthc_calendar_is_working_day(Pointer calendar, int day, ByteByReference out);
        int tthc_calendar_add_working_days(Pointer calendar, int day, int n, IntByReference out);
        int tthc_calendar_working_days_between(Pointer calendar, int from, int to, IntByReference out);
        int tthc_date_from_ymd(int year, int month, int day, IntByReference out);
        int tthc_date_to_ymd(int day, IntByReference year, IntByReference month, IntByReference dayOut);
        int tthc_solar_to_lunar(int day, LunarStruct out);
        int tthc_lunar_to_solar(LunarStruct lunar, IntByReference out);
    }

    /** {@code tthc_lunar_date}: {int32 year; uint8 month, day, leap}. */
    @Structure.FieldOrder({"year", "month", "day", "leap"})
    public static final class LunarStruct extends Structure {
        public int year;
        public byte month;
        public byte day;
        public byte leap;
    }

    private static String configured;
    private static volatile Lib lib;

    /** See {@link Tthc#configure}. */
    static synchronized void configure(String library) {
        if (lib != null) {
            throw new IllegalStateException("libtthc is already loaded; call Tthc.configure before the first call");
        }
        configured = library;
    }

    /**
     * The library, loaded on first use from: {@link Tthc#configure}; the
     * system property {@code tthc.library}; the environment variable
     * {@code TTHC_LIB}; else {@code tthc} through JNA's search
     * ({@code jna.library.path}, then the system's library directories).
     */
    static Lib lib() {
        Lib l = lib;
        if (l == null) {
            synchronized (Native.class) {
                if (lib == null) {
                    String name = configured != null ? configured : System.getProperty("tthc.library", System.getenv("TTHC_LIB"));
                    Lib loaded = com.sun.jna.Native.load(name == null || name.isEmpty() ? "tthc" : name, Lib.class);
                    int abi = loaded.tthc_abi_version();
                    if (abi != ABI_VERSION) {
                        throw new IllegalStateException("libtthc has C ABI version " + abi + "; this binding needs " + ABI_VERSION);
                    }
                    lib = loaded;
                }
                l = lib;
            }
        }
        return l;
    }

    /** Throws the exception for a status other than OK. */
    static void check(int status) {
        check(status, null);
    }

    /** {@link #check(int)}, with the family of a plain INVALID_INPUT for this call. */
    static void check(int status, Errors.Family invalidInput) {
        if (status == 0) {
            return;
        }
        Pointer json = lib().tthc_last_error_json();
        String details = json == null ? "{}" : json.getString(0, "UTF-8");
        Status known = Status.fromValue(status);
        if (known == null) {
            throw new InternalException("libtthc returned status " + status + ", unknown to this binding", Status.PANIC, "unknown-status", "", details);
        }
        throw Errors.of(known, details, invalidInput);
    }

    /** The library-owned string in {@code out} as a Java string; frees it. */
    static String take(PointerByReference out) {
        Pointer p = out.getValue();
        try {
            return p.getString(0, "UTF-8");
        } finally {
            lib().tthc_string_free(p);
        }
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
