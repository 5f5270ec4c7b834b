<?php

declare(strict_types=1);

namespace Tthc\Result;

/** A policy that shortened the processing time. */
final readonly class ProcessingCut
{
    /** @param list<LegalRef> $legalBasis */
    public function __construct(public string $policy, public int $amount, public string $unit, public array $legalBasis, public string $status)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('policy'), $r->int('amount'), $r->str('unit'), $r->list('legal_basis', LegalRef::read(...)), $r->str('status'));
    }
}
