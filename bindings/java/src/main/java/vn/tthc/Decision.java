package vn.tthc;

import java.util.List;
import java.util.Optional;

/**
 * The answer of Engine.evaluate for one case (schema/decision.schema.json):
 * the procedure, channel and online level, the fee, the processing time and
 * due instant, and the receipt citing every rule.
 */
public final class Decision {
    private final ProcedureRef procedure;
    private final Optional<ProvinceRef> province;
    private final String caseType;
    private final String channel;
    private final Optional<OnlineLevel> onlineLevel;
    private final boolean fullProcessOnline;
    private final String fullProcessOnlineSource;
    private final List<EssentialList> essentialLists;
    private final boolean onlineOnly;
    private final List<String> acceptedChannels;
    private final boolean channelAccepted;
    private final boolean priority;
    private final List<String> reusableDocuments;
    private final Fee fee;
    private final Processing processing;
    private final DecisionDeadline deadline;
    private final Receipt receipt;
    private final String json;

    private Decision(Read r, String json) {
        this.procedure = new ProcedureRef(r.obj("procedure"));
        this.province = r.optObj("province").map(ProvinceRef::new);
        this.caseType = r.str("case_type");
        this.channel = r.str("channel");
        this.onlineLevel = r.optObj("online_level").map(OnlineLevel::new);
        this.fullProcessOnline = r.bool("full_process_online");
        this.fullProcessOnlineSource = r.str("full_process_online_source");
        this.essentialLists = r.list("essential_lists", EssentialList::new);
        this.onlineOnly = r.bool("online_only");
        this.acceptedChannels = r.strings("accepted_channels");
        this.channelAccepted = r.bool("channel_accepted");
        this.priority = r.bool("priority");
        this.reusableDocuments = r.strings("reusable_documents");
        this.fee = new Fee(r.obj("fee"));
        this.processing = new Processing(r.obj("processing"));
        this.deadline = new DecisionDeadline(r.obj("deadline"));
        this.receipt = new Receipt(r.obj("receipt"));
        this.json = json;
    }

    /** Reads the library's answer text (e.g. kept from {@link #json()}). */
    public static Decision fromJson(String json) {
        return new Decision(Read.json(json), json);
    }

    public ProcedureRef procedure() {
        return procedure;
    }

    public Optional<ProvinceRef> province() {
        return province;
    }

    public String caseType() {
        return caseType;
    }

    public String channel() {
        return channel;
    }

    public Optional<OnlineLevel> onlineLevel() {
        return onlineLevel;
    }

    public boolean fullProcessOnline() {
        return fullProcessOnline;
    }

    /**
     * case (the case said so) or derived (from the channel and the online
     * level).
     */
    public String fullProcessOnlineSource() {
        return fullProcessOnlineSource;
    }

    public List<EssentialList> essentialLists() {
        return essentialLists;
    }

    public boolean onlineOnly() {
        return onlineOnly;
    }

    public List<String> acceptedChannels() {
        return acceptedChannels;
    }

    public boolean channelAccepted() {
        return channelAccepted;
    }

    public boolean priority() {
        return priority;
    }

    public List<String> reusableDocuments() {
        return reusableDocuments;
    }

    public Fee fee() {
        return fee;
    }

    public Processing processing() {
        return processing;
    }

    public DecisionDeadline deadline() {
        return deadline;
    }

    public Receipt receipt() {
        return receipt;
    }

    /** The library's answer text, as received. */
    public String json() {
        return json;
    }
}
