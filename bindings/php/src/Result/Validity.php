<?php

declare(strict_types=1);

namespace Tthc\Result;

/** When a catalogue record is in force: from `from` to `to` inclusive; null is open-ended. */
final readonly class Validity
{
    public function __construct(public ?\DateTimeImmutable $from, public ?\DateTimeImmutable $to)
    {
    }

    /** @internal reads the `validity` object of $r (absent: always in force) */
    public static function of(Read $r): self
    {
        $v = $r->optObj('validity');
        return new self($v?->optDate('from'), $v?->optDate('to'));
    }
}
