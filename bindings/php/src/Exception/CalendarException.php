<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * The working calendar cannot answer (`calendar`).
 */
class CalendarException extends TthcException
{
}
