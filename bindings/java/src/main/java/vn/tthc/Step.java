package vn.tthc;

import java.util.Optional;

/**
 * One deadline rule applied to a dossier, with what it did and its legal
 * basis.
 */
public final class Step extends Sourced {
    private final String rule;
    private final String kind;
    private final String name;
    private final String effect;
    private final Optional<String> caveat;

    Step(Read r) {
        super(r);
        this.rule = r.str("rule");
        this.kind = r.str("kind");
        this.name = r.str("name");
        this.effect = r.str("effect");
        this.caveat = r.optStr("caveat");
    }

    public String rule() {
        return rule;
    }

    /** counting, cutoff, after-hours, same-day, ... (docs/deadlines.md). */
    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String effect() {
        return effect;
    }

    public Optional<String> caveat() {
        return caveat;
    }
}
