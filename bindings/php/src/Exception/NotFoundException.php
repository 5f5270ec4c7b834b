<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * No procedure or province by that id, code or name (`unknown-procedure`,
 * `unknown-province`).
 */
class NotFoundException extends TthcException
{
}
