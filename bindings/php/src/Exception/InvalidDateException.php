<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * A date that does not exist (2025-02-29, a lunar month with no leap month
 * that year).
 */
class InvalidDateException extends TthcException
{
}
