<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * When a dossier's result is due, and why: the instant the clock starts
 * (after the cut-off and after-hours rules), the period counted, the last
 * day and the due instant, with every rule applied.
 */
readonly class Clock
{
    public \DateTimeImmutable $dueAt;
    public \DateTimeImmutable $dueDate;
    /** As recorded by the one-stop system. */
    public \DateTimeImmutable $recordedAt;
    /** When the clock starts. */
    public \DateTimeImmutable $receivedAt;
    /** Null when a same-day rule gives the deadline. */
    public ?Period $period;
    public bool $sameDay;
    /** The day the period fell on before it moved to a working day. */
    public ?\DateTimeImmutable $rolledFrom;
    /** @var list<Step> */
    public array $explanation;
    /** @var list<string> */
    public array $unconfirmed;

    /** @internal */
    public function __construct(Read $r)
    {
        $period = $r->optObj('period');
        $this->dueAt = $r->instant('due_at');
        $this->dueDate = $r->date('due_date');
        $this->recordedAt = $r->instant('recorded_at');
        $this->receivedAt = $r->instant('received_at');
        $this->period = $period === null ? null : Period::read($period);
        $this->sameDay = $r->bool('same_day');
        $this->rolledFrom = $r->optDate('rolled_from');
        $this->explanation = $r->list('explanation', Step::read(...));
        $this->unconfirmed = $r->strings('unconfirmed');
    }
}
