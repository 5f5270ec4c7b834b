<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * A date, a count or an answer outside what the calendar (or the lunar
 * table) covers (`out-of-range`, `result-out-of-range`, `lunar-out-of-range`); also an integer too
 * large for the C parameter it is meant for.
 */
class CalendarRangeException extends CalendarException
{
}
