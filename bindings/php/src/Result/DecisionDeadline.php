<?php

declare(strict_types=1);

namespace Tthc\Result;

/** A decision's due instant and the time counted for it; both null when the rules cannot answer (Engine::deadline says why). */
final readonly class DecisionDeadline
{
    public function __construct(public ?Period $processingTime, public ?\DateTimeImmutable $dueAt)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        $time = $r->optObj('processing_time');
        return new self($time === null ? null : Period::read($time), $r->optInstant('due_at'));
    }
}
