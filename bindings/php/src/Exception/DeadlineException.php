<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * A deadline the catalogue cannot settle: no known processing time for the
 * case and channel and no same-day rule (`no-processing-time`), or no rule
 * to count its unit (`no-counting-rule`).
 */
class DeadlineException extends TthcException
{
}
