<?php

declare(strict_types=1);

namespace Tthc\Result;

/** The apology with a new date a late dossier needs: the last day to send it, and whether it is due now, missed or sent. */
final readonly class Apology
{
    public function __construct(public \DateTimeImmutable $lastDay, public bool $dueNow, public bool $missed, public bool $sent)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->date('last_day'), $r->bool('due_now'), $r->bool('missed'), $r->bool('sent'));
    }
}
