package vn.tthc;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One dossier as a one-stop system knows it at submission: the input of
 * {@link Engine#evaluate(Case)} and {@link Engine#deadline(Case)}, in the
 * shape of schema/case.schema.json.
 *
 * <pre>{@code
 * Case c = Case.builder("cu-tru.dang-ky-thuong-tru", "in-person",
 *         OffsetDateTime.parse("2025-08-04T09:00:00+07:00"))
 *     .province("ha-noi")
 *     .categories("elderly")
 *     .build();
 * }</pre>
 *
 * The engine checks the values (a channel it does not know, an identity
 * level above 2, a negative fee are {@link CaseException}s).
 */
public final class Case {
    private final JsonObject json;

    private Case(JsonObject json) {
        this.json = json;
    }

    /**
     * A case for a procedure (id such as {@code ho-tich.dang-ky-khai-sinh},
     * or national code such as {@code 1.000894}), a channel
     * ({@code national-portal}, {@code provincial-portal}, {@code in-person},
     * {@code postal}) and the submission instant.
     */
    public static Builder builder(String procedure, String channel, OffsetDateTime submittedAt) {
        return new Builder(procedure, channel, instant(submittedAt));
    }

    /** As {@link #builder(String, String, OffsetDateTime)}, with a local time in Vietnam (+07:00). */
    public static Builder builder(String procedure, String channel, LocalDateTime submittedAt) {
        return new Builder(procedure, channel, instant(submittedAt));
    }

    /** An instant as the engine reads it (seconds always written). */
    static String instant(OffsetDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** A local time in Vietnam, without an offset (the engine reads +07:00). */
    static String instant(LocalDateTime t) {
        return t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }

    /** The case as the JSON the library reads. */
    public String toJson() {
        return json.toString();
    }

    JsonObject tree() {
        return json.deepCopy();
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** Fills in the optional fields of a case; every setter returns the builder. */
    public static final class Builder {
        private final JsonObject json = new JsonObject();
        private final JsonObject applicant = new JsonObject();
        private final JsonArray feeItems = new JsonArray();

        private Builder(String procedure, String channel, String submittedAt) {
            json.addProperty("procedure", procedure);
            json.addProperty("channel", channel);
            json.addProperty("submitted_at", submittedAt);
        }

        /** Province id or name; a former province resolves to its successor. Absent: national rules only. */
        public Builder province(String province) {
            json.addProperty("province", province);
            return this;
        }

        /** central, province, district or commune. */
        public Builder agencyLevel(String level) {
            json.addProperty("agency_level", level);
            return this;
        }

        /** When the fee was paid (the instant fee policies are checked at). */
        public Builder paidAt(OffsetDateTime paidAt) {
            json.addProperty("paid_at", instant(paidAt));
            return this;
        }

        /** citizen (the default) or organisation. */
        public Builder applicantKind(String kind) {
            applicant.addProperty("kind", kind);
            return this;
        }

        /** Applicant category ids declared in the catalogue (e.g. elderly, disability). */
        public Builder categories(String... categories) {
            JsonArray a = new JsonArray();
            for (String c : categories) {
                a.add(c);
            }
            applicant.add("categories", a);
            return this;
        }

        /** VNeID electronic identification level, 0 to 2. */
        public Builder identityLevel(int level) {
            applicant.addProperty("identity_level", level);
            return this;
        }

        /** The case type the catalogue's processing times and fees are keyed by (default: "default"). */
        public Builder caseType(String caseType) {
            json.addProperty("case_type", caseType);
            return this;
        }

        /** Whether the whole procedure is done online; absent: derived from the channel and the online level. */
        public Builder fullProcessOnline(boolean full) {
            json.addProperty("full_process_online", full);
            return this;
        }

        /**
         * A fee item that replaces the catalogue's for this case (all the
         * items given replace all of the catalogue's).
         *
         * @param item le-phi or phi
         * @param amount whole đồng, 0 to 10^12
         */
        public Builder feeItem(String item, String name, long amount) {
            JsonObject f = new JsonObject();
            f.addProperty("item", item);
            f.addProperty("name", name);
            f.addProperty("amount", amount);
            feeItems.add(f);
            return this;
        }

        public Case build() {
            JsonObject out = json.deepCopy();
            if (applicant.size() > 0) {
                out.add("applicant", applicant.deepCopy());
            }
            if (feeItems.size() > 0) {
                out.add("fee_items", feeItems.deepCopy());
            }
            return new Case(out);
        }
    }
}
