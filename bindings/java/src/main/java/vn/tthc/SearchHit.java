package vn.tthc;

import java.util.Optional;

/** One procedure found by Engine.search, best first. */
public final class SearchHit {
    private final String id;
    private final Optional<String> code;
    private final String name;
    private final long score;

    SearchHit(Read r) {
        this.id = r.str("id");
        this.code = r.optStr("code");
        this.name = r.str("name");
        this.score = r.lng("score");
    }

    public String id() {
        return id;
    }

    public Optional<String> code() {
        return code;
    }

    public String name() {
        return name;
    }

    public long score() {
        return score;
    }
}
