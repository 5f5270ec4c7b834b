<?php

declare(strict_types=1);

namespace Tthc\Result;

/** What one event of a dossier did, and the rule that says so. */
final readonly class LogEntry
{
    public function __construct(public int $index, public string $kind, public \DateTimeImmutable $at, public string $effect, public ?string $rule)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->int('index'), $r->str('kind'), $r->instant('at'), $r->str('effect'), $r->optStr('rule'));
    }
}
