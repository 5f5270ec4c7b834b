<?php

declare(strict_types=1);

namespace Tthc\Result;

/** Working time left until the current due instant (negative when overdue). */
final readonly class Remaining
{
    public function __construct(public int $workingDays, public int $workingSeconds, public int $workingHours)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->int('working_days'), $r->int('working_seconds'), $r->int('working_hours'));
    }
}
