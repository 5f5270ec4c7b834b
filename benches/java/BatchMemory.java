import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import vn.tthc.BatchResult;
import vn.tthc.Case;
import vn.tthc.Engine;

/**
 * Peak memory of the Java batch calls, for scripts/measure-batch-memory.sh
 * (which runs this under /usr/bin/time -v and compares with a run that
 * loads the engine and calls nothing):
 *   batch  Engine.evaluateBatch / deadlineBatch on every case at once
 *   each   Engine.evaluateEach / deadlineEach on the cases read lazily from
 *          a JSON Lines file, each answer dropped once read
 *   read   batch, then every result read ({@code get()}) while the list
 *          holds them all: what the typed results take
 *   cases  the engine and every case as a {@link Case}, as {@code batch}
 *          has them before its call (the baseline of {@code batch})
 *   none   the engine alone (the baseline of {@code each})
 *
 * Usage: java BatchMemory evaluate|deadline batch|read|each|cases|none REQUESTS.jsonl
 */
public final class BatchMemory {
    public static void main(String[] args) throws IOException {
        String op = args[0];
        String mode = args[1];
        int answered = 0;
        int failed = 0;
        try (Engine engine = Engine.embedded(); BufferedReader in = Files.newBufferedReader(Paths.get(args[2]), StandardCharsets.UTF_8)) {
            Iterator<Case> cases = new Iterator<Case>() {
                private String line = readLine(in);

                @Override
                public boolean hasNext() {
                    return line != null;
                }

                @Override
                public Case next() {
                    if (line == null) {
                        throw new NoSuchElementException();
                    }
                    Case c = parse(line);
                    line = readLine(in);
                    return c;
                }
            };
            Iterator<? extends BatchResult<?>> answers;
            if (mode.equals("batch") || mode.equals("read") || mode.equals("cases")) {
                List<Case> all = new ArrayList<>();
                cases.forEachRemaining(all::add);
                answers = mode.equals("cases") ? new ArrayList<BatchResult<?>>().iterator()
                        : op.equals("deadline") ? engine.deadlineBatch(all).iterator() : engine.evaluateBatch(all).iterator();
            } else if (mode.equals("each")) {
                answers = op.equals("deadline") ? engine.deadlineEach(cases) : engine.evaluateEach(cases);
            } else {
                answers = new ArrayList<BatchResult<?>>().iterator();
            }
            boolean read = mode.equals("read");
            while (answers.hasNext()) {
                BatchResult<?> r = answers.next();
                if (r.ok() && (!read || r.get() != null)) {
                    answered++;
                } else {
                    failed++;
                }
            }
        }
        System.out.println("answered " + answered + " failed " + failed);
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case parse(String line) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        Case.Builder b = Case.builder(o.get("procedure").getAsString(), o.get("channel").getAsString(),
                LocalDateTime.parse(o.get("submitted_at").getAsString()));
        if (o.has("province")) {
            b.province(o.get("province").getAsString());
        }
        return b.build();
    }
}
