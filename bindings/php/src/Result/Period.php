<?php

declare(strict_types=1);

namespace Tthc\Result;

/** A length of time: `amount` in `unit` (working-days, calendar-days, working-hours or months). */
final readonly class Period
{
    public function __construct(public int $amount, public string $unit)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->int('amount'), $r->str('unit'));
    }
}
