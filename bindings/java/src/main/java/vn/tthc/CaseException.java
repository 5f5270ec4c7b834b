package vn.tthc;

/**
 * A case or request the engine cannot read or evaluate: malformed JSON, an
 * unknown field, a value out of range ({@code invalid-case}, {@code
 * invalid-json}, {@code invalid-input}, ...), an undeclared applicant
 * category ({@code unknown-category}), an agency level that does not handle
 * the procedure ({@code level-not-competent}).
 */
public class CaseException extends TthcException {
    private static final long serialVersionUID = 1L;

    public CaseException(String message, Status status, String kind, String help, String detailsJson) {
        super(message, status, kind, help, detailsJson);
    }
}
