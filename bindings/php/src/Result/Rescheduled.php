<?php

declare(strict_types=1);

namespace Tthc\Result;

/** The one reschedule with apology a dossier may have: when it was notified and the new due date. */
final readonly class Rescheduled
{
    public function __construct(public int $event, public \DateTimeImmutable $notifiedAt, public \DateTimeImmutable $dueDate, public \DateTimeImmutable $dueAt)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->int('event'), $r->instant('notified_at'), $r->date('due_date'), $r->instant('due_at'));
    }
}
