<?php

declare(strict_types=1);

namespace Tthc\Result;

/** The processing time the catalogue gives for the case type, with its source. */
final readonly class StatutoryTime
{
    /** @param list<LegalRef> $legalBasis */
    public function __construct(public int $amount, public string $unit, public string $case, public string $status, public array $legalBasis)
    {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->int('amount'), $r->str('unit'), $r->str('case'), $r->str('status'), $r->list('legal_basis', LegalRef::read(...)));
    }
}
