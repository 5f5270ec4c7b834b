package vn.tthc;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.time.LocalDateTime;

/**
 * What the Java layer costs over the C calls it makes, measured in one run:
 * Calendar.isWorkingDay against the bare direct-mapped C function on the
 * same calendar data, and a typed Engine.evaluate against the same call
 * returning the answer text. Three alternating rounds, best of each.
 *
 * <p>Run: scripts/test-java.sh does, with small counts; by hand,
 * {@code java -cp tthc.jar:jna.jar:gson.jar:classes vn.tthc.BindingBench [calendar calls] [evaluations]}.
 */
public final class BindingBench {
    private BindingBench() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int evaluations = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int first = Tthc.toDay(java.time.LocalDate.of(2025, 1, 1));
        Case c = Case.builder("ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt", "in-person",
                LocalDateTime.of(2025, 4, 28, 9, 0)).build();
        String json = c.toJson();
        long sink = 0;
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        try (Engine engine = Engine.embedded(); Calendar calendar = engine.calendar()) {
            PointerByReference bare = new PointerByReference();
            PointerByReference e = new PointerByReference();
            Native.check(Native.tthc_engine_new(e));
            Native.check(Native.tthc_calendar_new(e.getValue(), null, bare));
            Pointer cal = bare.getValue();
            byte[] out = new byte[1];
            for (int round = 0; round < 3; round++) {
                long t = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    Native.tthc_calendar_is_working_day(cal, first + i % 730, out);
                    sink += out[0];
                }
                best[0] = Math.min(best[0], System.nanoTime() - t);
                t = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    sink += calendar.isWorkingDay(first + i % 730) ? 1 : 0;
                }
                best[1] = Math.min(best[1], System.nanoTime() - t);
                t = System.nanoTime();
                for (int i = 0; i < evaluations; i++) {
                    sink += engine.callJson("evaluate", json).length();
                }
                best[2] = Math.min(best[2], System.nanoTime() - t);
                t = System.nanoTime();
                for (int i = 0; i < evaluations; i++) {
                    sink += engine.evaluate(c).fee().payable().orElse(1);
                }
                best[3] = Math.min(best[3], System.nanoTime() - t);
            }
            Native.tthc_calendar_free(cal);
            Native.tthc_engine_free(e.getValue());
        }
        double bareNs = best[0] / (double) calls;
        double boundNs = best[1] / (double) calls;
        double textUs = best[2] / 1e3 / evaluations;
        double typedUs = best[3] / 1e3 / evaluations;
        System.out.printf("Calendar.isWorkingDay        %8.0f ns   bare C call %8.0f ns   ratio %.2fx%n", boundNs, bareNs, boundNs / bareNs);
        System.out.printf("Engine.evaluate (typed)      %8.1f us   answer text %8.1f us   ratio %.2fx%n", typedUs, textUs, typedUs / textUs);
        System.out.println("(sink " + sink + ")");
    }
}
