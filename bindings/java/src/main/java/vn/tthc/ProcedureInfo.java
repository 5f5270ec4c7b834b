package vn.tthc;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A procedure as it applies on one date in one province (Engine.procedure):
 * identity, validity, where it was read (the portal's page, agencies,
 * applicants, the source's own text), processing times, fees and documents
 * as the catalogue records them. The province it was asked for and the online level are in
 * {@link #json()}, the library's answer text.
 */
public final class ProcedureInfo extends CatalogRecord {
    private final String engineVersion;
    private final String catalogueHash;
    private final LocalDate asOf;
    private final String id;
    private final Optional<String> code;
    private final Optional<String> codeUnknown;
    private final String name;
    private final Optional<String> nameEn;
    private final String sector;
    private final Optional<String> sectorName;
    private final List<String> levels;
    private final String source;
    private final Optional<String> levelsUnknown;
    private final Optional<String> legalBasisUnknown;
    private final Optional<String> url;
    private final Optional<String> procedureType;
    private final List<String> agencies;
    private final List<String> authority;
    private final List<String> applicants;
    private final Map<String, String> verbatim;
    private final List<ProcessingRecord> processing;
    private final List<FeeRecord> fees;
    private final List<RequiredDocument> documents;
    private final List<String> reusableDocuments;
    private final List<EssentialList> essentialLists;
    private final List<String> unconfirmed;
    private final Optional<String> note;
    private final String json;

    private ProcedureInfo(Read top, String json) {
        super(top.obj("procedure"));
        Read r = top.obj("procedure");
        this.engineVersion = top.str("engine_version");
        this.catalogueHash = top.str("catalogue_hash");
        this.asOf = r.date("as_of");
        this.id = r.str("id");
        this.code = r.optStr("code");
        this.codeUnknown = r.optStr("code_unknown");
        this.name = r.str("name");
        this.nameEn = r.optStr("name_en");
        this.sector = r.str("sector");
        this.sectorName = r.optStr("sector_name");
        this.levels = r.strings("levels");
        this.source = r.str("source");
        this.levelsUnknown = r.optStr("levels_unknown");
        this.legalBasisUnknown = r.optStr("legal_basis_unknown");
        this.url = r.optStr("url");
        this.procedureType = r.optStr("procedure_type");
        this.agencies = r.strings("agencies");
        this.authority = r.strings("authority");
        this.applicants = r.strings("applicants");
        this.verbatim = r.stringMap("verbatim");
        this.processing = r.list("processing", ProcessingRecord::new);
        this.fees = r.list("fees", FeeRecord::new);
        this.documents = r.list("documents", RequiredDocument::new);
        this.reusableDocuments = r.strings("reusable_documents");
        this.essentialLists = r.list("essential_lists", EssentialList::new);
        this.unconfirmed = r.strings("unconfirmed");
        this.note = r.optStr("note");
        this.json = json;
    }

    /** Reads the library's answer text (e.g. kept from {@link #json()}). */
    public static ProcedureInfo fromJson(String json) {
        return new ProcedureInfo(Read.json(json), json);
    }

    public String engineVersion() {
        return engineVersion;
    }

    /** SHA-256 of the catalogue (Engine.contentHash()). */
    public String catalogueHash() {
        return catalogueHash;
    }

    /** The date the answer is for. */
    public LocalDate asOf() {
        return asOf;
    }

    public String id() {
        return id;
    }

    /** The national code; empty when no source gives one (see codeUnknown()). */
    public Optional<String> code() {
        return code;
    }

    /** Why there is no national code, when there is none. */
    public Optional<String> codeUnknown() {
        return codeUnknown;
    }

    public String name() {
        return name;
    }

    public Optional<String> nameEn() {
        return nameEn;
    }

    public String sector() {
        return sector;
    }

    public Optional<String> sectorName() {
        return sectorName;
    }

    /** Competent levels: central, province, district, commune. */
    public List<String> levels() {
        return levels;
    }

    /** "national", or "overlay:<province>" for a province's own version. */
    public String source() {
        return source;
    }

    /** Why the competent levels are not known, when they are not. */
    public Optional<String> levelsUnknown() {
        return levelsUnknown;
    }

    /** Why no legal basis is known, when none is. */
    public Optional<String> legalBasisUnknown() {
        return legalBasisUnknown;
    }

    /** The page the procedure was read from (the national portal's record). */
    public Optional<String> url() {
        return url;
    }

    /** Loại thủ tục, as published. */
    public Optional<String> procedureType() {
        return procedureType;
    }

    /** Agencies that carry the procedure out (Cơ quan thực hiện). */
    public List<String> agencies() {
        return agencies;
    }

    /** Agencies competent to decide (Cơ quan có thẩm quyền). */
    public List<String> authority() {
        return authority;
    }

    /** Who may apply (Đối tượng thực hiện). */
    public List<String> applicants() {
        return applicants;
    }

    /** The source's text of each field read from it, by the portal's field name (e.g. cach_thuc_thuc_hien). */
    public Map<String, String> verbatim() {
        return verbatim;
    }

    public List<ProcessingRecord> processing() {
        return processing;
    }

    public List<FeeRecord> fees() {
        return fees;
    }

    public List<RequiredDocument> documents() {
        return documents;
    }

    public List<String> reusableDocuments() {
        return reusableDocuments;
    }

    public List<EssentialList> essentialLists() {
        return essentialLists;
    }

    /** Facts in this answer that no source confirms, as "path: status". */
    public List<String> unconfirmed() {
        return unconfirmed;
    }

    public Optional<String> note() {
        return note;
    }

    /** The library's answer text, as received. */
    public String json() {
        return json;
    }
}
