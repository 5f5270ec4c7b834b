package vn.tthc;

import java.util.Optional;

/**
 * The answer of Engine.deadline: the processing time the decision settled,
 * and the clock it gives (the due instant and every rule applied).
 */
public final class Deadline extends Clock {
    private final String procedure;
    private final Optional<String> province;
    private final String channel;
    private final Processing processing;
    private final String json;

    private Deadline(Read r, String json) {
        super(r);
        this.procedure = r.str("procedure");
        this.province = r.optStr("province");
        this.channel = r.str("channel");
        this.processing = new Processing(r.obj("processing"));
        this.json = json;
    }

    /** Reads the library's answer text (e.g. kept from {@link #json()}). */
    public static Deadline fromJson(String json) {
        return new Deadline(Read.json(json), json);
    }

    public String procedure() {
        return procedure;
    }

    public Optional<String> province() {
        return province;
    }

    public String channel() {
        return channel;
    }

    /** The statutory time, the cuts of policies and the effective time counted. */
    public Processing processing() {
        return processing;
    }

    /** The library's answer text, as received. */
    public String json() {
        return json;
    }
}
