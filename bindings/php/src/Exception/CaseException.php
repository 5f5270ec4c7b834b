<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * A case or request the engine cannot read or evaluate: malformed JSON, an
 * unknown field, a value out of range (`invalid-case`, `invalid-json`,
 * `invalid-input`, …), an undeclared applicant category
 * (`unknown-category`), an agency level that does not handle the procedure
 * (`level-not-competent`).
 */
class CaseException extends TthcException
{
}
