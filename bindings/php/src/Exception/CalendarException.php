<?php

declare(strict_types=1);

namespace Tthc\Exception;

/**
 * The working calendar cannot answer: the catalogue has no calendar data
 * (`no-calendar`) or no office hours (`no-office-hours`).
 */
class CalendarException extends TthcException
{
}
