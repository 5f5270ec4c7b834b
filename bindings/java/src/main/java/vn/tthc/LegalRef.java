package vn.tthc;

import java.util.Optional;

/**
 * A legal document cited for a fact: its number (e.g. "75/2022/TT-BTC") and,
 * where read, the article.
 */
public final class LegalRef {
    private final String doc;
    private final Optional<String> article;

    LegalRef(Read r) {
        this.doc = r.str("doc");
        this.article = r.optStr("article");
    }

    /**
     * The document number as the catalogue cites it (with @YYYY-MM-DD when
     * two share a number).
     */
    public String doc() {
        return doc;
    }

    /** The article (Điều, khoản) where it was read. */
    public Optional<String> article() {
        return article;
    }
}
