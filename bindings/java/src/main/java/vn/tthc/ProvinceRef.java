package vn.tthc;

import java.util.Optional;

/**
 * The province a decision applied: as requested, and the one in force (a
 * former province resolves to its successor).
 */
public final class ProvinceRef {
    private final String requested;
    private final String id;
    private final String name;
    private final boolean resolvedToSuccessor;
    private final Optional<String> succession;

    ProvinceRef(Read r) {
        this.requested = r.str("requested");
        this.id = r.str("id");
        this.name = r.str("name");
        this.resolvedToSuccessor = r.bool("resolved_to_successor");
        this.succession = r.optStr("succession");
    }

    public String requested() {
        return requested;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean resolvedToSuccessor() {
        return resolvedToSuccessor;
    }

    /** How the requested province led to this one, when it did. */
    public Optional<String> succession() {
        return succession;
    }
}
