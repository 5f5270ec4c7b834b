package vn.tthc;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A decision's due instant and the time counted for it; both empty when the
 * rules cannot answer (Engine.deadline says why).
 */
public final class DecisionDeadline {
    private final Optional<Period> processingTime;
    private final Optional<OffsetDateTime> dueAt;

    DecisionDeadline(Read r) {
        this.processingTime = r.optObj("processing_time").map(Period::new);
        this.dueAt = r.optInstant("due_at");
    }

    public Optional<Period> processingTime() {
        return processingTime;
    }

    public Optional<OffsetDateTime> dueAt() {
        return dueAt;
    }
}
