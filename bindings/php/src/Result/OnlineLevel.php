<?php

declare(strict_types=1);

namespace Tthc\Result;

/** The online service level of a procedure on the case's date (Decree 42/2022: full or partial; Decree 43/2011: 1–4). */
final readonly class OnlineLevel
{
    public function __construct(public string $level, public string $labelVi, public bool $acceptsOnlineSubmission, public string $status)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('level'), $r->str('label_vi'), $r->bool('accepts_online_submission'), $r->str('status'));
    }
}
