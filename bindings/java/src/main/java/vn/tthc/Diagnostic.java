package vn.tthc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One problem in a catalogue file. {@code code} is stable ({@code E0001}
 * syntax, {@code E0101} unknown key, ...); {@code help} says what to do
 * about it; file, line and column are null for a problem with no place.
 */
public final class Diagnostic {
    private final String code;
    private final String severity;
    private final String message;
    private final String help;
    private final String file;
    private final Integer line;
    private final Integer column;

    public Diagnostic(String code, String severity, String message, String help, String file, Integer line, Integer column) {
        this.code = code;
        this.severity = severity;
        this.message = message;
        this.help = help;
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** One entry of the error JSON's {@code diagnostics}. */
    static Diagnostic of(JsonObject d) {
        JsonObject at = d.has("location") && d.get("location").isJsonObject() ? d.getAsJsonObject("location") : new JsonObject();
        return new Diagnostic(text(d, "code"), text(d, "severity"), text(d, "message"), text(d, "help"),
                text(at, "file"), number(at, "line"), number(at, "column"));
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static Integer number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsInt();
    }

    public String code() {
        return code;
    }

    /**
     * Always {@code "error"} today: every problem the library finds makes the
     * catalogue unusable. The field stays so that a later, milder severity
     * changes no signature.
     */
    public String severity() {
        return severity;
    }

    public String message() {
        return message;
    }

    public String help() {
        return help;
    }

    /** The file, relative to the catalogue root; null for a problem with no place. */
    public String file() {
        return file;
    }

    public Integer line() {
        return line;
    }

    public Integer column() {
        return column;
    }

    /** {@code procedures/a.toml:3:1: error[E0101]: unknown key}, as the CLI prints it. */
    @Override
    public String toString() {
        String where = file == null ? "" : file + ":" + line + ":" + column + ": ";
        return where + severity + "[" + code + "]: " + message;
    }
}
