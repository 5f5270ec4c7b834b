<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * The procedure or province exists but not on the date asked about
 * (`procedure-not-in-force`, `province-not-in-force`).
 */
class NotInForceException extends NotFoundException
{
}
