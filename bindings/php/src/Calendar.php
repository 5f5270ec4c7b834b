<?php

declare(strict_types=1);

namespace Tthc;

use Tthc\Exception\ClosedHandleException;

/**
 * One jurisdiction's working calendar (Engine::calendar), as of the
 * catalogue current when it was made; it does not see later reloads.
 *
 * Each method takes a date as `DateTimeInterface` and answers with
 * `DateTimeImmutable`, or takes a day number (days since 1970-01-01) and
 * answers with one. Numbers are checked against the C parameter's 32 bits
 * first: out of range is a CalendarRangeException, as for a date the
 * calendar does not cover.
 */
final class Calendar
{
    /** Answer slots, reused by every call (a PHP process runs one call at a time). */
    private \FFI\CData $bool;
    private \FFI\CData $int;

    /** @internal made by Engine::calendar() */
    public function __construct(private ?\FFI\CData $handle)
    {
        $this->bool = Library::ffi()->new('bool');
        $this->int = Library::ffi()->new('int32_t');
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Frees the calendar now; later calls throw ClosedHandleException. Idempotent. */
    public function close(): void
    {
        if ($this->handle !== null) {
            Library::ffi()->tthc_calendar_free($this->handle);
            $this->handle = null;
        }
    }

    private function live(): \FFI\CData
    {
        return $this->handle ?? throw new ClosedHandleException('calendar is closed', Status::NULL_ARGUMENT, 'closed', 'make a new one with Engine::calendar()');
    }

    /** @return array{\DateTimeImmutable, \DateTimeImmutable} the first and last day the calendar covers */
    public function range(): array
    {
        $ffi = Library::ffi();
        [$first, $last] = [$ffi->new('int32_t'), $ffi->new('int32_t')];
        Library::check($ffi->tthc_calendar_range($this->live(), \FFI::addr($first), \FFI::addr($last)));
        return [Library::date($first->cdata), Library::date($last->cdata)];
    }

    public function isWorkingDay(\DateTimeInterface|int $date): bool
    {
        Library::check(Library::ffi()->tthc_calendar_is_working_day($this->live(), Library::day($date), \FFI::addr($this->bool)));
        return $this->bool->cdata;
    }

    /**
     * The working day $n working days after $date (before it for negative
     * $n); $n = 0 gives $date itself if it is a working day, else the next one.
     *
     * @return ($date is int ? int : \DateTimeImmutable)
     */
    public function addWorkingDays(\DateTimeInterface|int $date, int $n): \DateTimeImmutable|int
    {
        Library::check(Library::ffi()->tthc_calendar_add_working_days($this->live(), Library::day($date), Library::count($n), \FFI::addr($this->int)));
        return is_int($date) ? $this->int->cdata : Library::date($this->int->cdata);
    }

    /** Working days in ($from, $to]; negative when $to is before $from. */
    public function workingDaysBetween(\DateTimeInterface|int $from, \DateTimeInterface|int $to): int
    {
        Library::check(Library::ffi()->tthc_calendar_working_days_between($this->live(), Library::day($from), Library::day($to), \FFI::addr($this->int)));
        return $this->int->cdata;
    }
}
