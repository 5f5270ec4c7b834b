<?php

declare(strict_types=1);

namespace Tthc\Result;

/** How a finished dossier compares with a deadline: early, on-time or late, and the Circular 01/2018 score (2, 1, 0). */
final readonly class Timeliness
{
    public function __construct(
        public string $outcome,
        public int $score,
        public \DateTimeImmutable $dueDate,
        public \DateTimeImmutable $dueAt,
        public int $workingDaysLate,
        public int $workingHoursLate,
        public int $workingSecondsLate,
        public int $calendarDaysLate,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('outcome'), $r->int('score'), $r->date('due_date'), $r->instant('due_at'), $r->int('working_days_late'), $r->int('working_hours_late'), $r->int('working_seconds_late'), $r->int('calendar_days_late'));
    }
}
