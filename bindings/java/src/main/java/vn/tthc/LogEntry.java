package vn.tthc;

import java.time.OffsetDateTime;
import java.util.Optional;

/** What one event of a dossier did, and the rule that says so. */
public final class LogEntry {
    private final int index;
    private final String kind;
    private final OffsetDateTime at;
    private final String effect;
    private final Optional<String> rule;

    LogEntry(Read r) {
        this.index = r.integer("index");
        this.kind = r.str("kind");
        this.at = r.instant("at");
        this.effect = r.str("effect");
        this.rule = r.optStr("rule");
    }

    public int index() {
        return index;
    }

    public String kind() {
        return kind;
    }

    public OffsetDateTime at() {
        return at;
    }

    public String effect() {
        return effect;
    }

    public Optional<String> rule() {
        return rule;
    }
}
