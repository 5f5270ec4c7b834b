package vn.tthc;

/** An essential-service list the procedure belongs to (e.g. Đề án 06). */
public final class EssentialList extends Sourced {
    private final String id;
    private final String name;

    EssentialList(Read r) {
        super(r);
        this.id = r.str("id");
        this.name = r.str("name");
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }
}
