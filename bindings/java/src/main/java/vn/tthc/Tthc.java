package vn.tthc;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Java binding of libtthc over JNA (source-compatible with Java 8).
 *
 * <p>JNA rather than JNI so that a Java 8-era portal needs no native glue of
 * its own: only jna.jar and libtthc.so (found through {@code
 * -Djna.library.path}). Strings cross as NUL-terminated UTF-8 byte arrays,
 * whatever the JVM's default charset; every string the library returns is
 * copied and released with {@code tthc_string_free}.
 */
public final class Tthc {
    private Tthc() {}

    /** The C functions, as declared in include/tthc.h. */
    public interface Lib extends Library {
        Lib INSTANCE = Native.load("tthc", Lib.class);

        Pointer tthc_version();
        int tthc_abi_version();
        long tthc_max_input_bytes();
        Pointer tthc_status_name(int status);
        Pointer tthc_last_error_json();
        Pointer tthc_last_error_message();

        int tthc_engine_new(PointerByReference out);
        int tthc_engine_new_from_dir(byte[] dir, byte overEmbedded, PointerByReference out);
        int tthc_engine_new_from_sources(Pointer paths, Pointer texts, long count, byte overEmbedded, PointerByReference out);
        void tthc_engine_free(Pointer engine);
        int tthc_engine_reload_from_dir(Pointer engine, byte[] dir, byte overEmbedded);
        int tthc_engine_content_hash(Pointer engine, PointerByReference out);
        void tthc_string_free(Pointer s);

        int tthc_evaluate(Pointer engine, byte[] request, PointerByReference out);
        int tthc_evaluate_batch(Pointer engine, byte[] request, PointerByReference out);
        int tthc_deadline(Pointer engine, byte[] request, PointerByReference out);
        int tthc_deadline_batch(Pointer engine, byte[] request, PointerByReference out);
        int tthc_track(Pointer engine, byte[] request, PointerByReference out);
        int tthc_track_batch(Pointer engine, byte[] request, PointerByReference out);
        int tthc_procedure_show(Pointer engine, byte[] request, PointerByReference out);
        int tthc_procedure_search(Pointer engine, byte[] request, PointerByReference out);

        int tthc_calendar_new(Pointer engine, byte[] province, PointerByReference out);
        void tthc_calendar_free(Pointer calendar);
        int tthc_calendar_is_working_day(Pointer calendar, int day, ByteByReference out);
        int tthc_calendar_add_working_days(Pointer calendar, int day, int n, IntByReference out);
        int tthc_calendar_working_days_between(Pointer calendar, int from, int to, IntByReference out);
        int tthc_date_from_ymd(int year, int month, int day, IntByReference out);
        int tthc_date_to_ymd(int day, IntByReference year, IntByReference month, IntByReference dayOut);
        int tthc_solar_to_lunar(int day, LunarDate out);
    }

    /** tthc_lunar_date: {int32 year; uint8 month, day, leap}. */
    @Structure.FieldOrder({"year", "month", "day", "leap"})
    public static final class LunarDate extends Structure {
        public int year;
        public byte month;
        public byte day;
        public byte leap;
    }

    /** A failed call: status name and code, and the library's error JSON. */
    public static final class TthcException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final String status;
        public final int code;
        public final String detailsJson;

        TthcException(String status, int code, String message, String detailsJson) {
            super(status + ": " + message);
            this.status = status;
            this.code = code;
            this.detailsJson = detailsJson;
        }
    }

    /** NUL-terminated UTF-8, or null. */
    public static byte[] cString(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    static void check(int status) {
        if (status == 0) {
            return;
        }
        Lib lib = Lib.INSTANCE;
        Pointer json = lib.tthc_last_error_json();
        Pointer message = lib.tthc_last_error_message();
        throw new TthcException(
                lib.tthc_status_name(status).getString(0, "UTF-8"),
                status,
                message == null ? "" : message.getString(0, "UTF-8"),
                json == null ? "{}" : json.getString(0, "UTF-8"));
    }

    static String take(PointerByReference out) {
        Pointer p = out.getValue();
        try {
            return p.getString(0, "UTF-8");
        } finally {
            Lib.INSTANCE.tthc_string_free(p);
        }
    }

    public static String version() {
        return Lib.INSTANCE.tthc_version().getString(0, "UTF-8");
    }

    public static int abiVersion() {
        return Lib.INSTANCE.tthc_abi_version();
    }

    /** Days since 1970-01-01 of a date. */
    public static int dateFromYmd(int year, int month, int day) {
        IntByReference out = new IntByReference();
        check(Lib.INSTANCE.tthc_date_from_ymd(year, month, day, out));
        return out.getValue();
    }

    /** {year, month, day} of days since 1970-01-01. */
    public static int[] dateToYmd(int day) {
        IntByReference y = new IntByReference(), m = new IntByReference(), d = new IntByReference();
        check(Lib.INSTANCE.tthc_date_to_ymd(day, y, m, d));
        return new int[] {y.getValue(), m.getValue(), d.getValue()};
    }

    public static LunarDate solarToLunar(int day) {
        LunarDate l = new LunarDate();
        check(Lib.INSTANCE.tthc_solar_to_lunar(day, l));
        return l;
    }

    /** An engine over one catalogue; thread-safe; close it once. */
    public static final class Engine implements AutoCloseable {
        private Pointer handle;

        private Engine(PointerByReference out) {
            this.handle = out.getValue();
        }

        public static Engine embedded() {
            PointerByReference out = new PointerByReference();
            check(Lib.INSTANCE.tthc_engine_new(out));
            return new Engine(out);
        }

        public static Engine fromDir(String dir, boolean overEmbedded) {
            PointerByReference out = new PointerByReference();
            check(Lib.INSTANCE.tthc_engine_new_from_dir(cString(dir), (byte) (overEmbedded ? 1 : 0), out));
            return new Engine(out);
        }

        /** files: relative path to TOML text. */
        public static Engine fromSources(Map<String, String> files, boolean overEmbedded) {
            String[] paths = files.keySet().toArray(new String[0]);
            String[] texts = new String[paths.length];
            for (int i = 0; i < paths.length; i++) {
                texts[i] = files.get(paths[i]);
            }
            PointerByReference out = new PointerByReference();
            check(Lib.INSTANCE.tthc_engine_new_from_sources(
                    new StringArray(paths, "UTF-8"), new StringArray(texts, "UTF-8"),
                    paths.length, (byte) (overEmbedded ? 1 : 0), out));
            return new Engine(out);
        }

        private Pointer live() {
            if (handle == null) {
                throw new IllegalStateException("engine is closed");
            }
            return handle;
        }

        public void reloadFromDir(String dir, boolean overEmbedded) {
            check(Lib.INSTANCE.tthc_engine_reload_from_dir(live(), cString(dir), (byte) (overEmbedded ? 1 : 0)));
        }

        public String contentHash() {
            PointerByReference out = new PointerByReference();
            check(Lib.INSTANCE.tthc_engine_content_hash(live(), out));
            return take(out);
        }

        /** One JSON call by name (evaluate, deadline, track, their _batch forms, procedure_show, procedure_search) on raw request bytes. */
        public String callRaw(String function, byte[] request) {
            PointerByReference out = new PointerByReference();
            Lib lib = Lib.INSTANCE;
            Pointer e = live();
            int status;
            switch (function) {
                case "evaluate": status = lib.tthc_evaluate(e, request, out); break;
                case "evaluate_batch": status = lib.tthc_evaluate_batch(e, request, out); break;
                case "deadline": status = lib.tthc_deadline(e, request, out); break;
                case "deadline_batch": status = lib.tthc_deadline_batch(e, request, out); break;
                case "track": status = lib.tthc_track(e, request, out); break;
                case "track_batch": status = lib.tthc_track_batch(e, request, out); break;
                case "procedure_show": status = lib.tthc_procedure_show(e, request, out); break;
                case "procedure_search": status = lib.tthc_procedure_search(e, request, out); break;
                default: throw new IllegalArgumentException("no JSON call " + function);
            }
            check(status);
            return take(out);
        }

        public String evaluate(String caseJson) {
            return callRaw("evaluate", cString(caseJson));
        }

        public String deadline(String caseJson) {
            return callRaw("deadline", cString(caseJson));
        }

        public String track(String dossierJson) {
            return callRaw("track", cString(dossierJson));
        }

        public String procedureSearch(String requestJson) {
            return callRaw("procedure_search", cString(requestJson));
        }

        public Calendar calendar(String province) {
            PointerByReference out = new PointerByReference();
            check(Lib.INSTANCE.tthc_calendar_new(live(), cString(province), out));
            return new Calendar(out.getValue());
        }

        @Override
        public synchronized void close() {
            Lib.INSTANCE.tthc_engine_free(handle);
            handle = null;
        }
    }

    /** A working calendar; days are days since 1970-01-01. */
    public static final class Calendar implements AutoCloseable {
        private Pointer handle;

        Calendar(Pointer handle) {
            this.handle = handle;
        }

        public boolean isWorkingDay(int day) {
            ByteByReference out = new ByteByReference();
            check(Lib.INSTANCE.tthc_calendar_is_working_day(handle, day, out));
            return out.getValue() != 0;
        }

        public int addWorkingDays(int day, int n) {
            IntByReference out = new IntByReference();
            check(Lib.INSTANCE.tthc_calendar_add_working_days(handle, day, n, out));
            return out.getValue();
        }

        public int workingDaysBetween(int from, int to) {
            IntByReference out = new IntByReference();
            check(Lib.INSTANCE.tthc_calendar_working_days_between(handle, from, to, out));
            return out.getValue();
        }

        @Override
        public synchronized void close() {
            Lib.INSTANCE.tthc_calendar_free(handle);
            handle = null;
        }
    }
}
