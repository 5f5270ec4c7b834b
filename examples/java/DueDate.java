import java.time.LocalDateTime;

import vn.tthc.Case;
import vn.tthc.Deadline;
import vn.tthc.Engine;
import vn.tthc.Step;

/**
 * When is a permanent-residence registration (1.004222, 7 working days) received on
 * Monday 28 April 2025 due (30/4, 1/5 and 2/5 are days off)?
 * Run with the jar of bindings/java, jna.jar and gson.jar on the classpath (scripts/test-java.sh does).
 */
public class DueDate {
    public static void main(String[] args) {
        try (Engine engine = Engine.embedded()) {
            Deadline due = engine.deadline(Case.builder("cu-tru.dang-ky-thuong-tru", "in-person",
                    LocalDateTime.of(2025, 4, 28, 9, 0)).build());
            System.out.println("due at " + due.dueAt());
            for (Step step : due.explanation()) {
                System.out.println("  " + step.rule() + ": " + step.effect());
            }
        }
    }
}
