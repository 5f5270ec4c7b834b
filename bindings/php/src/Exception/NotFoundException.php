<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * No procedure or province by that id, code or name (`unknown-procedure`,
 * `unknown-province`), or no calendar data in the catalogue.
 */
class NotFoundException extends TthcException
{
}
